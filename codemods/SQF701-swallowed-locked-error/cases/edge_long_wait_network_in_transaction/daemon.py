"""The same 30 s daemon, but its refresh keeps a write transaction open across
the download: it deletes the old entries, fetches the feed, and commits only
after inserting the new ones. A web request's write then waits as long as the
download takes, past 30 s on a slow feed, and its "database is locked" is
swallowed: reported, naming that writer."""

import threading
import time

import requests
from flask import Flask, jsonify

from db import connect

app = Flask(__name__)


def refresh_forever(url):
    while True:
        conn = connect()
        conn.execute("DELETE FROM entries WHERE url = ?", (url,))
        body = requests.get(url, timeout=120).text
        conn.execute("INSERT INTO entries (url, body) VALUES (?, ?)", (url, body))
        conn.commit()
        conn.close()
        time.sleep(300)


@app.route("/entries/<int:entry_id>/read", methods=["POST"])
def mark_read(entry_id):
    try:
        conn = connect()
        conn.execute("UPDATE entries SET read = 1 WHERE id = ?", (entry_id,))
        conn.commit()
        conn.close()
    except Exception as exc:
        print("not marked:", exc)
    return jsonify(ok=True)


if __name__ == "__main__":
    threading.Thread(target=refresh_forever, args=("https://example.org/feed",), daemon=True).start()
    app.run(threaded=True)
