import sqlite3

from tool.config import DB_PATH


def purge(days: int = 30):
    """Delete notes older than `days`: a person runs it now and then."""
    conn = sqlite3.connect(DB_PATH)
    try:
        with conn:
            conn.execute(
                "DELETE FROM notes WHERE created_at < datetime('now', ?)", (f"-{days} days",)
            )
    finally:
        conn.close()
