import sqlite3


def save(entry):
    with sqlite3.connect("ledger.db") as conn:
        conn.execute("INSERT INTO entries VALUES (?)", (entry,))
