"""A command-line notes program: module code creates the table, starts a
reminder thread through a helper, then reads commands in its own loop. The
table-creation connection is opened and closed before the loop and before
anything else runs: not reported there (start-up). The per-command helper,
closed only on the success path, meets the reminder thread's writes: reported."""

import sqlite3
import threading
import time

DB = "notes.db"


def init_db():
    conn = sqlite3.connect(DB)
    conn.execute("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT UNIQUE, done INTEGER)")
    conn.commit()
    conn.close()


def add_note(body):
    conn = sqlite3.connect(DB)
    conn.execute("INSERT INTO notes (body, done) VALUES (?, 0)", (body,))
    conn.commit()
    conn.close()


def remind_forever():
    while True:
        conn = sqlite3.connect(DB, timeout=30)
        try:
            conn.execute("UPDATE notes SET done = 1 WHERE done = 0")
            conn.commit()
        finally:
            conn.close()
        time.sleep(60)


def start_reminders():
    threading.Thread(target=remind_forever, daemon=True).start()


init_db()
start_reminders()

while True:
    line = input("> ").strip()
    if line == "quit":
        break
    add_note(line)
