"""A sampler thread inserts one row per thirty-second turn, but a sync thread
holds its transaction open across a network call before committing: that
writer can keep the lock for seconds, so the pragma advice stays."""

import sqlite3
import threading
import time

import requests

DB = "metrics.db"


def sampler():
    while True:
        conn = sqlite3.connect(DB)
        conn.execute("INSERT INTO samples (value) VALUES (?)", (time.monotonic(),))
        conn.commit()
        conn.close()
        time.sleep(30)


def sync():
    while True:
        conn = sqlite3.connect(DB)
        conn.execute("UPDATE state SET pushing = 1")
        requests.post("https://example.com/push", timeout=30)
        conn.commit()
        conn.close()
        time.sleep(60)


def main():
    threading.Thread(target=sampler, daemon=True).start()
    threading.Thread(target=sync, daemon=True).start()
    while True:
        time.sleep(1)


if __name__ == "__main__":
    main()
