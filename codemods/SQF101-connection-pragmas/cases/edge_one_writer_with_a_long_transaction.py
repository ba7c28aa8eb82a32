# One writer thread, but each pass writes a whole batch in one transaction
# (the commit is after the loop): readers wait for the whole batch, so the
# advice stays.
import sqlite3
import threading
import time

READINGS = "readings.db"


def sample_forever(sensor):
    conn = sqlite3.connect(READINGS)
    while True:
        batch = sensor.read_many()
        for value in batch:
            conn.execute("INSERT INTO readings (value) VALUES (?)", (value,))
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
