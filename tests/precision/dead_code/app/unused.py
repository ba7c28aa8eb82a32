"""Nothing imports this module: reported at Low confidence, with a note (edge)."""
import sqlite3


def bump():
    conn = sqlite3.connect("app.db")  # expect: SQF101
    try:
        conn.execute("UPDATE counters SET n = n + 1")
        conn.commit()
    finally:
        conn.close()
