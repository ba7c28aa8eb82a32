"""A caller with no connection parameter of its own uses the helper's default:
nothing of the caller's is dropped (the main thread only calls it)."""
import sqlite3

CONN = sqlite3.connect("codes.sqlite3")
CUR = CONN.cursor()


def _fetch(code, db=CUR):
    db.execute("SELECT name FROM codes WHERE code = ?", (code,))
    return db.fetchone()


def describe(code):
    row = _fetch(code)
    return row[0] if row else "?"


if __name__ == "__main__":
    print(describe("75001"))
