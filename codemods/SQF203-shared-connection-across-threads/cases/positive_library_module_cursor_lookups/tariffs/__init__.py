"""A library of tariff tables shipped as a SQLite file. It opens one connection at
import with the thread check off and keeps one cursor beside it; its public lookups
all run on that cursor. Its callers' threads (a web app's request pool, a batch
renderer's workers) meet on it: each public function using the cursor is a site of
the one root cause, the connection's finding."""
import os
import sqlite3

_DB = os.path.join(os.path.dirname(__file__), "tariffs.db")
conn = sqlite3.connect(_DB, check_same_thread=False)
cur = conn.cursor()


def rate(code):
    cur.execute("SELECT rate FROM tariffs WHERE code = ?", (code,))
    row = cur.fetchone()
    return row[0] if row else None


def all_rates():
    cur.execute("SELECT code, rate FROM tariffs")
    return dict(cur.fetchall())


def label(code):
    return _label_of(code) or code


def _label_of(code):
    cur.execute("SELECT label FROM labels WHERE code = ?", (code,))
    row = cur.fetchone()
    return row[0] if row else None
