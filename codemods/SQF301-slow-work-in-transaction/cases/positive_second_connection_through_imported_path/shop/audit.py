import sqlite3

from . import settings


def record(event):
    conn = sqlite3.connect(settings.DB_PATH, timeout=2)
    with conn:
        conn.execute("INSERT INTO audit (event) VALUES (?)", (event,))
    conn.close()
