"""Two sampler threads each insert one row per turn and commit it at once, then
sleep thirty seconds; a pruning thread deletes old rows once an hour. Every write
is one short statement made once per paced turn: the lock is held milliseconds
a few times a minute, far below the paced writers that met no lock error up to
sixteen threads (F-short-writers)."""

import sqlite3
import threading
import time

DB = "metrics.db"
INTERVAL = 30


def record(name, value):
    conn = sqlite3.connect(DB)
    try:
        conn.execute("INSERT INTO samples (name, value, at) VALUES (?, ?, ?)", (name, value, time.time()))
        conn.commit()
    finally:
        conn.close()


def sampler(name):
    while True:
        record(name, time.monotonic())
        time.sleep(INTERVAL)


def pruner(stop):
    while not stop.is_set():
        conn = sqlite3.connect(DB)
        try:
            conn.execute("DELETE FROM samples WHERE at < ?", (time.time() - 86400,))
            conn.commit()
        finally:
            conn.close()
        stop.wait(timeout=3600)


def main():
    stop = threading.Event()
    threading.Thread(target=sampler, args=("cpu",), daemon=True).start()
    threading.Thread(target=sampler, args=("mem",), daemon=True).start()
    threading.Thread(target=pruner, args=(stop,), daemon=True).start()
    stop.wait()


if __name__ == "__main__":
    main()
