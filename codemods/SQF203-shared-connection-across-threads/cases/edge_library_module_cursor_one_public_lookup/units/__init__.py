"""A library's module cursor used by one public function only: the connection's
finding says the callers' threads share it; there is no second function to name,
so no extra sites. `_factor_cached` opens a cursor of its own per call."""
import os
import sqlite3

_DB = os.path.join(os.path.dirname(__file__), "units.db")
conn = sqlite3.connect(_DB, check_same_thread=False)
cur = conn.cursor()


def factor(unit):
    cur.execute("SELECT factor FROM units WHERE name = ?", (unit,))
    row = cur.fetchone()
    return row[0] if row else 1.0


def symbols():
    own = conn.cursor()
    own.execute("SELECT name FROM units")
    return [r[0] for r in own.fetchall()]
