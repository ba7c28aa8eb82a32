"""Live: the app imports it; sync routes run on the framework's thread pool."""
import sqlite3


def bump():
    conn = sqlite3.connect("app.db")  # expect: SQF101
    try:
        conn.execute("UPDATE counters SET n = n + 1")  # expect: SQF303
        conn.execute("INSERT INTO audit (what) VALUES ('write')")
        conn.commit()
    finally:
        conn.close()
