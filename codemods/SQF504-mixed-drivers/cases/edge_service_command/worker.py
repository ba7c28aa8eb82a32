# Two commands registered from cli.py: `sync` does one pass and exits (not
# reported); `serve` keeps running beside the API, its sqlite3 writes a second
# driver of the same deployment (reported).
import sqlite3
import time

from config import DB_PATH


def sync():
    conn = sqlite3.connect(DB_PATH)
    try:
        with conn:
            conn.execute("UPDATE jobs SET state = 'queued' WHERE state = 'stale'")
    finally:
        conn.close()


def serve():
    conn = sqlite3.connect(DB_PATH)
    while True:
        with conn:
            conn.execute("UPDATE jobs SET state = 'done' WHERE state = 'queued'")
        time.sleep(1)
