import sqlite3

# Opened at import, on the main thread, with the default check_same_thread.
db = sqlite3.connect("usage.db")
db.execute("CREATE TABLE IF NOT EXISTS usage (nbytes INTEGER, what TEXT)")
db.commit()


def record(nbytes, what):
    db.execute("INSERT INTO usage (nbytes, what) VALUES (?, ?)", (nbytes, what))
    db.commit()


def total():
    return db.execute("SELECT sum(nbytes) FROM usage").fetchone()[0]
