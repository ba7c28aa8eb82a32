"""An admin endpoint that empties the page cache and answers with how many
entries it removed (0 when the purge failed, with the reason logged). A purge
lost to a lock leaves entries the next purge or their expiry removes: the
command's user sees the count and can run it again."""

import logging
import sqlite3
import threading

import requests
from flask import Flask, jsonify

log = logging.getLogger(__name__)
app = Flask(__name__)
DB = "site.db"


class PageCache:
    def __init__(self, path=DB):
        self.path = path

    def purge(self):
        conn = sqlite3.connect(self.path, timeout=30)
        removed = conn.execute("DELETE FROM pages").rowcount
        conn.commit()
        conn.close()
        return removed


pages = PageCache()


@app.post("/admin/cache/clear")
def clear_cache():
    removed = 0
    try:
        removed = pages.purge()
        log.info("cache cleared: %d entries", removed)
    except Exception as e:
        log.warning("cache not cleared: %s", e)
    return jsonify(removed=removed)


def mirror_feeds():
    """Holds the write lock across the feed downloads."""
    conn = sqlite3.connect(DB)
    with conn:
        for feed in ("news", "events"):
            body = requests.get(f"https://feeds.example/{feed}", timeout=20).text
            conn.execute("INSERT INTO feeds (name, body) VALUES (?, ?)", (feed, body))


threading.Thread(target=mirror_feeds, daemon=True).start()
