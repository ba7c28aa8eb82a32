"""The sampler threads sleep only after a quiet turn, and the pruner for a tenth
of a second: busy turns write back to back, so the loops are not paced and the
pragma advice stays."""

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
        value = time.monotonic()
        record(name, value)
        if value % 2 < 1:
            time.sleep(INTERVAL)


def pruner(stop):
    while not stop.is_set():
        conn = sqlite3.connect(DB)
        try:
            conn.execute("DELETE FROM samples WHERE at < ?", (time.time() - 86400,))
            conn.commit()
        finally:
            conn.close()
        stop.wait(timeout=0.1)


def main():
    stop = threading.Event()
    threading.Thread(target=sampler, args=("cpu",), daemon=True).start()
    threading.Thread(target=sampler, args=("mem",), daemon=True).start()
    threading.Thread(target=pruner, args=(stop,), daemon=True).start()
    stop.wait()


if __name__ == "__main__":
    main()
