import sqlite3

from .settings import CACHE_DB


def reset_cache():
    conn = sqlite3.connect(CACHE_DB)
    conn.execute("DELETE FROM price_cache")
    conn.commit()
    conn.close()
