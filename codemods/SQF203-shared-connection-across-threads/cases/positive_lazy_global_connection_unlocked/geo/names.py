"""Place names; the connection lets any thread in, and nothing serializes it."""
import sqlite3

_conn = None
_cur = None


def _connect():
    global _conn, _cur
    _conn = sqlite3.connect("names.sqlite3", check_same_thread=False)
    _cur = _conn.cursor()


def name_of(geoid):
    if _conn is None:
        _connect()
    _cur.execute("SELECT name FROM names WHERE id = ?", (geoid,))
    row = _cur.fetchone()
    return row[0] if row else None
