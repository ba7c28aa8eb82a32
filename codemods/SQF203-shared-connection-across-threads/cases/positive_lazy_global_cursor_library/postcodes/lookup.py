"""Postcode lookups over a bundled database, opened on first use.

The package has no thread of its own: whichever thread of the caller's program
calls first owns the connection (check_same_thread defaults to True).
"""
import sqlite3
from pathlib import Path

_BUNDLED = Path(__file__).with_name("codes.sqlite3")
GLOBAL_CURSOR = None


def init_db():
    global GLOBAL_CURSOR
    conn = sqlite3.connect(str(_BUNDLED))
    GLOBAL_CURSOR = conn.cursor()


def _row(code):
    if GLOBAL_CURSOR is None:
        init_db()
    GLOBAL_CURSOR.execute("SELECT place, district FROM codes WHERE code = ?", (code,))
    return GLOBAL_CURSOR.fetchone()


def place_of(code):
    row = _row(code)
    return row[0] if row else None


def district_of(code):
    row = _row(code)
    return row[1] if row else None
