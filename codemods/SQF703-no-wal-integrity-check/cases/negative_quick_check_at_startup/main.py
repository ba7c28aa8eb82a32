import sqlite3
import sys

from db import connect


def startup():
    conn = connect()
    try:
        if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            sys.exit("documents.db is damaged: restore the last backup")
    except sqlite3.DatabaseError as e:
        sys.exit(f"documents.db cannot be read: {e}")
    finally:
        conn.close()
