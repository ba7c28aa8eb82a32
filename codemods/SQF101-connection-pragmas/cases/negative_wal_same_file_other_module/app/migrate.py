import sqlite3

from .config import DB_PATH


def init_db():
    conn = sqlite3.connect(DB_PATH)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE IF NOT EXISTS events (x)")
    conn.commit()
    conn.close()
