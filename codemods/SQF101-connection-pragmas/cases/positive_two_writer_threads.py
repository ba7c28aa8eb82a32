# Two worker threads write the same table: each can hold the write lock while
# the other waits, so the rollback journal's blocking is real here.
import sqlite3
import threading
import time

READINGS = "readings.db"


def sample_forever(sensor):
    conn = sqlite3.connect(READINGS)
    while True:
        conn.execute("INSERT INTO readings (value) VALUES (?)", (sensor.read(),))
        conn.commit()
        time.sleep(0.5)


def purge_forever():
    conn = sqlite3.connect(READINGS)
    while True:
        conn.execute("DELETE FROM readings WHERE taken < datetime('now', '-1 day')")
        conn.commit()
        time.sleep(0.5)


def main(sensor):
    threading.Thread(target=sample_forever, args=(sensor,), daemon=True).start()
    threading.Thread(target=purge_forever, daemon=True).start()
