"""Each worker process opens the tally file through this helper: the
processes are the second party, named in the finding."""
import sqlite3

TALLY = "tally.sqlite"


def open_tally():
    conn = sqlite3.connect(TALLY)
    return conn, conn.cursor()


def count(word, n):
    conn, cur = open_tally()
    cur.execute("INSERT INTO words (word, n) VALUES (?, ?)", (word, n))
    cur.execute("UPDATE totals SET seen = seen + ?", (n,))
    conn.commit()
    conn.close()
