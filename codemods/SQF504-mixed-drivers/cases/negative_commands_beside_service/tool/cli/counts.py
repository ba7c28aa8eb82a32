import sqlite3

from tool.config import DB_PATH


def counts():
    """Print how many notes there are."""
    conn = sqlite3.connect(DB_PATH)
    try:
        print(conn.execute("SELECT COUNT(*) FROM notes").fetchone()[0])
    finally:
        conn.close()
