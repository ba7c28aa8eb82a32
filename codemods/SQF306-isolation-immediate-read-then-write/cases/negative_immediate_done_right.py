"""IMMEDIATE connections used correctly: atomic SQL, an explicit BEGIN before the
read, or writes that do not depend on what was read."""
import sqlite3

DB = "app.db"


def connect():
    return sqlite3.connect(DB, isolation_level="IMMEDIATE")


def increment(name):
    conn = connect()
    conn.execute("UPDATE counters SET n = n + 1 WHERE name = ?", (name,))
    conn.commit()
    conn.close()


def increment_checked(name):
    conn = sqlite3.connect(DB, isolation_level="IMMEDIATE")
    with conn:
        conn.execute("BEGIN IMMEDIATE")
        (n,) = conn.execute("SELECT n FROM counters WHERE name = ?", (name,)).fetchone()
        conn.execute("UPDATE counters SET n = ? WHERE name = ?", (n + 1, name))
    conn.close()


def audit(name):
    conn = sqlite3.connect(DB, isolation_level="IMMEDIATE")
    count = conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    conn.execute("INSERT INTO audit (name) VALUES (?)", (name,))
    conn.commit()
    conn.close()
    return count
