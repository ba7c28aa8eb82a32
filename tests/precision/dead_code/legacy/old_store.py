"""A retired tree: the project keeps it but does not run it. No finding."""
import sqlite3


def bump():
    conn = sqlite3.connect("app.db")
    try:
        conn.execute("UPDATE counters SET n = n + 1")
        conn.commit()
    finally:
        conn.close()
