"""A small, careful storage layer: it takes the write lock up front, uses atomic
SQL where it can, and leaves read-only work alone."""
import sqlite3
import threading

_local = threading.local()


def connection(path):
    conn = getattr(_local, "conn", None)
    if conn is None:
        conn = sqlite3.connect(path, isolation_level=None, timeout=5.0)
        _local.conn = conn
    return conn


def increment(path, name):
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    try:
        row = conn.execute("SELECT n FROM counters WHERE name = ?", (name,)).fetchone()
        conn.execute("UPDATE counters SET n = ? WHERE name = ?", (row[0] + 1, name))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    finally:
        conn.close()


def increment_legacy(path, name):
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("BEGIN IMMEDIATE")
        row = conn.execute("SELECT n FROM counters WHERE name = ?", (name,)).fetchone()
        conn.execute("UPDATE counters SET n = ? WHERE name = ?", (row[0] + 1, name))
    conn.close()


def add_atomically(path, name, by):
    conn = sqlite3.connect(path)
    exists = conn.execute("SELECT 1 FROM counters WHERE name = ?", (name,)).fetchone()
    print("updating existing counter" if exists else "creating counter")
    conn.execute(
        "INSERT INTO counters (name, n) VALUES (?, ?) "
        "ON CONFLICT(name) DO UPDATE SET n = n + excluded.n",
        (name, by),
    )
    conn.commit()
    conn.close()


def log_and_record(path, event):
    conn = sqlite3.connect(path)
    total = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    print(f"{total} events so far")
    conn.execute("INSERT INTO events (name) VALUES (?)", (event,))
    conn.commit()
    conn.close()


def copy_forward(path):
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO archive SELECT * FROM events WHERE ts < date('now')")
    conn.commit()
    conn.close()


def rename_in(conn, doc_id, name):
    # The caller owns the transaction (it may already hold BEGIN IMMEDIATE).
    old = conn.execute("SELECT name FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if old and old[0] != name:
        conn.execute("UPDATE documents SET name = ? WHERE id = ?", (name, doc_id))


def report(path):
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT name, n FROM counters ORDER BY n DESC").fetchall()
    conn.close()
    return rows
