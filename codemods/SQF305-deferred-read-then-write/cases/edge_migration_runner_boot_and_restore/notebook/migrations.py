"""Schema steps applied in order; run at boot, and again by the restore endpoint on a request thread."""
import sqlite3

NOTEBOOK = "notebook.db"

STEPS = [
    (1, "CREATE TABLE pages (id INTEGER PRIMARY KEY, title TEXT)"),
    (2, "ALTER TABLE pages ADD COLUMN archived INTEGER DEFAULT 0"),
    (3, "CREATE INDEX pages_archived ON pages (archived)"),
]


def open_notebook():
    conn = sqlite3.connect(NOTEBOOK, timeout=10.0)
    conn.execute("PRAGMA journal_mode=WAL")
    return conn


def apply_pending(conn):
    conn.execute("CREATE TABLE IF NOT EXISTS applied_steps (step INTEGER PRIMARY KEY)")
    applied = {row[0] for row in conn.execute("SELECT step FROM applied_steps")}
    for step, statement in STEPS:
        if step in applied:
            continue
        conn.execute(statement)
        conn.execute("INSERT INTO applied_steps (step) VALUES (?)", (step,))
    conn.commit()
