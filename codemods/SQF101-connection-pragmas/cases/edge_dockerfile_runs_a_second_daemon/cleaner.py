"""A second daemon the Dockerfile's CMD starts beside app.py, deleting old rows
from the same file: the watcher's connection now has a second party in another
process (its SQF101 is reported and names `cleaner.py`)."""
import sqlite3
import time


def clean_forever():
    while True:
        conn = sqlite3.connect("watch.db")
        conn.execute("DELETE FROM seen WHERE rowid IN (SELECT rowid FROM seen LIMIT 100)")
        conn.commit()
        conn.close()
        time.sleep(3600)


if __name__ == "__main__":
    clean_forever()
