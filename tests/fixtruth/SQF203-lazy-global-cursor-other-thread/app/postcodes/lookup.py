import os
import sqlite3

GLOBAL_CURSOR = None


def init_db():
    global GLOBAL_CURSOR
    conn = sqlite3.connect(os.environ.get("POSTCODES_DB", "codes.sqlite3"))
    GLOBAL_CURSOR = conn.cursor()


def place_of(code):
    if GLOBAL_CURSOR is None:
        init_db()
    GLOBAL_CURSOR.execute("SELECT place FROM codes WHERE code = ?", (code,))
    row = GLOBAL_CURSOR.fetchone()
    return row[0] if row else None
