# One worker thread records a reading every minute: one INSERT, committed at
# once. The main thread only reads. Readers wait at most for that one statement,
# well inside Python's default 5 s busy wait; WAL would change nothing.
import sqlite3
import threading
import time

READINGS = "readings.db"


def sample_forever(sensor):
    conn = sqlite3.connect(READINGS)
    while True:
        conn.execute("INSERT INTO readings (value) VALUES (?)", (sensor.read(),))
        conn.commit()
        time.sleep(60)


def latest():
    conn = sqlite3.connect(READINGS)
    row = conn.execute("SELECT value FROM readings ORDER BY rowid DESC LIMIT 1").fetchone()
    conn.close()
    return row


def main(sensor):
    threading.Thread(target=sample_forever, args=(sensor,), daemon=True).start()
    while True:
        print(latest())
        time.sleep(5)
