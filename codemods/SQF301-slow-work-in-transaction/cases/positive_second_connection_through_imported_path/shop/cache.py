import sqlite3

from .settings import DB_PATH


def reset_cache():
    conn = sqlite3.connect(DB_PATH)
    conn.execute("DELETE FROM price_cache")
    conn.commit()
    conn.close()
