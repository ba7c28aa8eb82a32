"""A web viewer run as its own process: it polls the messages and prunes old ones."""

import sqlite3
import time

from config import DB_PATH


def poll():
    while True:
        conn = sqlite3.connect(DB_PATH)
        rows = conn.execute("SELECT sender, text FROM messages ORDER BY id DESC LIMIT 50").fetchall()
        conn.execute("DELETE FROM messages WHERE ts < datetime('now', '-7 days')")
        conn.commit()
        conn.close()
        print(len(rows))
        time.sleep(5)


if __name__ == "__main__":
    poll()
