"""One monitoring thread per configured app: each checks its app, writes one
status row and sleeps for minutes (directly, or in one-second steps so that a
reset request is seen within a second). The threads start together, but their
writes are spread out by the pauses; no queue of writers forms."""

import sqlite3
import threading
import time

import requests

DB = "monitor.db"
APPS = ["billing", "search", "mail"]
reset = threading.Event()


def record(app, healthy):
    conn = sqlite3.connect(DB)
    with conn:
        conn.execute(
            "INSERT INTO checks (app, healthy, at) VALUES (?, ?, ?)", (app, healthy, time.time())
        )
    conn.close()


def watch(app):
    while True:
        ok = requests.get(f"https://{app}.internal/health", timeout=10).ok
        record(app, ok)
        time.sleep(300)


def watch_responsively(app):
    while True:
        ok = requests.get(f"https://{app}.internal/health", timeout=10).ok
        record(app, ok)
        for _ in range(600):
            if reset.is_set():
                break
            time.sleep(1)


def start():
    for app in APPS:
        threading.Thread(target=watch, args=(app,), daemon=True).start()
    for app in APPS:
        threading.Thread(target=watch_responsively, args=(app,), daemon=True).start()
