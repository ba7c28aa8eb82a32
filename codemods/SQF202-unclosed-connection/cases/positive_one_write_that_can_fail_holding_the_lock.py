"""The same per-call helpers on a thread pool, but each write can fail after
it took the write lock, and the connection the exception drops keeps that lock
until the cyclic garbage collector (docs/sqlite-facts.md#F-exception-drop):
an INSERT into a table with a UNIQUE column, an INSERT that names the key
itself, an UPDATE of a NOT NULL column, a second statement after the write,
and a DELETE while the project turns foreign keys on. All reported."""
import json
import sqlite3
from concurrent.futures import ThreadPoolExecutor

DB = "accounts.db"
pool = ThreadPoolExecutor(max_workers=4)


def create_tables():
    conn = sqlite3.connect(DB)
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute(
        "CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, email TEXT UNIQUE, name TEXT NOT NULL)"
    )
    conn.execute(
        "CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT)"
    )
    conn.commit()
    conn.close()


def add_user(email, name):
    conn = sqlite3.connect(DB)
    conn.execute("INSERT INTO users (email, name) VALUES (?, ?)", (email, name))
    conn.commit()
    conn.close()


def add_note_with_id(note_id, body):
    conn = sqlite3.connect(DB)
    conn.execute("INSERT INTO notes (id, body) VALUES (?, ?)", (note_id, body))
    conn.commit()
    conn.close()


def rename_user(user_id, name):
    conn = sqlite3.connect(DB)
    conn.execute("UPDATE users SET name = ? WHERE id = ?", (name, user_id))
    conn.commit()
    conn.close()


def edit_note(note_id, body):
    conn = sqlite3.connect(DB)
    conn.execute("UPDATE notes SET body = ? WHERE id = ?", (json.dumps(body), note_id))
    conn.execute("UPDATE notes SET body = body || '' WHERE id = ?", (note_id,))
    conn.commit()
    conn.close()


def remove_user(user_id):
    conn = sqlite3.connect(DB)
    conn.execute("DELETE FROM users WHERE id = ?", (user_id,))
    conn.commit()
    conn.close()


def serve():
    create_tables()
    pool.submit(add_user, "a@b", "a")
    pool.submit(add_note_with_id, 1, "x")
    pool.submit(rename_user, 1, "b")
    pool.submit(edit_note, 1, "y")
    pool.submit(remove_user, 1)
