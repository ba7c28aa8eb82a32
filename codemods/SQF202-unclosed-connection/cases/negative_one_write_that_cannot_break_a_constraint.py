"""Per-call helpers run from a thread pool, each closed only on its success
path, whose one write cannot fail once it holds the lock: a DELETE (the
project turns no foreign keys on and declares no trigger), an UPDATE of
columns the table declares without constraints, an INSERT that leaves the key
to SQLite, an INSERT OR REPLACE of a table whose only constraint is its key.
Such a write fails only with "database is locked", which takes no lock, so the
connection an exception drops holds nothing but its file descriptor
(docs/sqlite-facts.md#F-one-write-drop). Not reported."""
import sqlite3
from concurrent.futures import ThreadPoolExecutor

DB = "reminders.db"
pool = ThreadPoolExecutor(max_workers=4)


def create_tables():
    conn = sqlite3.connect(DB)
    try:
        _create(conn)
    finally:
        conn.close()


def _create(conn):
    conn.execute(
        """CREATE TABLE IF NOT EXISTS reminders (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            time TEXT,
            task TEXT,
            sent INTEGER DEFAULT 0
        )"""
    )
    conn.execute(
        """CREATE TABLE IF NOT EXISTS search_cache (
            query_hash TEXT PRIMARY KEY,
            results TEXT,
            created_at TEXT
        )"""
    )
    conn.commit()


def add_reminder(time_str, task):
    conn = sqlite3.connect(DB)
    cursor = conn.cursor()
    cursor.execute("INSERT INTO reminders (time, task, sent) VALUES (?, ?, 0)", (time_str, task))
    reminder_id = cursor.lastrowid
    conn.commit()
    conn.close()
    return reminder_id


def mark_sent(reminder_id):
    conn = sqlite3.connect(DB)
    cursor = conn.cursor()
    cursor.execute("UPDATE reminders SET sent = 1 WHERE id = ?", (reminder_id,))
    conn.commit()
    conn.close()


def delete_reminder(reminder_id):
    conn = sqlite3.connect(DB)
    conn.execute("DELETE FROM reminders WHERE id = ?", (reminder_id,))
    conn.commit()
    conn.close()


def cache_result(query_hash, results, now):
    try:
        conn = sqlite3.connect(DB)
        conn.execute(
            "INSERT OR REPLACE INTO search_cache (query_hash, results, created_at) VALUES (?, ?, ?)",
            (query_hash, results, now),
        )
        conn.commit()
        conn.close()
    except sqlite3.Error as e:
        print(f"cache failed: {e}")


def serve(reminder_id, task):
    create_tables()
    pool.submit(add_reminder, "12:00", task)
    pool.submit(mark_sent, reminder_id)
    pool.submit(delete_reminder, reminder_id)
    pool.submit(cache_result, "h", "[]", "now")
