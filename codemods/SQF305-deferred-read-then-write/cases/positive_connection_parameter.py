# A helper that receives its connection and commits it itself: the connection
# comes from the project's factory (legacy mode), so its SELECT runs in
# autocommit and two threads bumping the same counter lose an update.
import sqlite3
import threading

DB_PATH = "app.db"


def connect():
    conn = sqlite3.connect(DB_PATH)
    conn.row_factory = sqlite3.Row
    return conn


def bump_stat(conn, name, by=1):
    row = conn.execute("SELECT value FROM stats WHERE name = ?", (name,)).fetchone()
    value = (row["value"] if row else 0) + by
    conn.execute("INSERT OR REPLACE INTO stats (name, value) VALUES (?, ?)", (name, value))
    conn.commit()


def add_in(conn, name):
    # No commit here: the caller owns the transaction, so this is left alone.
    row = conn.execute("SELECT value FROM stats WHERE name = ?", (name,)).fetchone()
    conn.execute("UPDATE stats SET value = ? WHERE name = ?", (row[0] + 1, name))


def work():
    conn = connect()
    try:
        bump_stat(conn, "pages")
    finally:
        conn.close()


threads = [threading.Thread(target=work) for _ in range(4)]
