"""The feed daemon again, but its web route opens its own connection with
Python's default 5 s wait instead of the 30 s helper: a burst of writers can
keep it waiting past that, and the route's catch-all then drops the write. The
finding names the 5 s wait that makes the error plausible."""

import sqlite3
import threading
import time

import requests
from flask import Flask, jsonify

from db import DB_PATH, connect

app = Flask(__name__)


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
        conn = sqlite3.connect(DB_PATH)
        conn.execute("UPDATE entries SET read = 1 WHERE id = ?", (entry_id,))
        conn.commit()
        conn.close()
    except Exception as exc:
        print("not marked:", exc)
    return jsonify(ok=True)


if __name__ == "__main__":
    threading.Thread(target=refresh_forever, args=("https://example.org/feed",), daemon=True).start()
    app.run(threaded=True)
