import sqlite3

from fleet.settings import STATE_DB


def log_event(kind, detail):
    conn = sqlite3.connect(STATE_DB)
    cur = conn.execute("INSERT INTO events (kind, detail) VALUES (?, ?)", (kind, detail))
    conn.commit()
    conn.close()
    return cur.lastrowid
