import sqlite3

from settings import DATABASE_FILE


def vacuum():
    conn = sqlite3.connect(DATABASE_FILE)
    try:
        conn.execute("VACUUM")
    finally:
        conn.close()
