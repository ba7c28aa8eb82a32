"""Per-app worker threads that do not pace every write: one sleeps a tenth of
a second, another pauses only on idle turns, a third writes per item of an
inner loop. Their writes still come in bursts from every thread at once, so
the fan-outs are reported."""

import sqlite3
import threading
import time

DB = "feeds.db"
FEEDS = ["a", "b", "c", "d"]


def save(feed, item):
    conn = sqlite3.connect(DB)
    with conn:
        conn.execute("INSERT INTO items (feed, body) VALUES (?, ?)", (feed, item))
    conn.close()


def fetch(feed):
    return [feed + "1", feed + "2"]


def poll_fast(feed):
    while True:
        for item in fetch(feed):
            save(feed, item)
        time.sleep(0.1)


def poll_when_idle(feed):
    while True:
        items = fetch(feed)
        save(feed, len(items))
        if not items:
            time.sleep(60)


def start():
    for feed in FEEDS:
        threading.Thread(target=poll_fast, args=(feed,), daemon=True).start()
    for feed in FEEDS:
        threading.Thread(target=poll_when_idle, args=(feed,), daemon=True).start()
