"""Its only call is `close()`, but the connection is yielded first: the
caller's `with` block runs the statements, beside the writer threads.
Reported."""
import sqlite3
import threading
from contextlib import contextmanager

DB = "events.db"


@contextmanager
def opened(path):
    conn = sqlite3.connect(path)
    try:
        yield conn
    finally:
        conn.close()


def record(n):
    with opened(DB) as conn:
        conn.execute("INSERT INTO events (n) VALUES (?)", (n,))
        conn.commit()


if __name__ == "__main__":
    for n in range(4):
        threading.Thread(target=record, args=(n,)).start()
