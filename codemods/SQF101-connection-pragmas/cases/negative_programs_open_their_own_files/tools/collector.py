"""Collects readings into its own database; nothing else opens it."""
import sqlite3
import time

READINGS_DB = "readings.db"


def record(value):
    conn = sqlite3.connect(READINGS_DB)
    conn.execute("INSERT INTO readings (at, value) VALUES (?, ?)", (time.time(), value))
    conn.commit()
    conn.close()


if __name__ == "__main__":
    while True:
        record(1.0)
        time.sleep(60)
