"""Reads that decide a write without any lost update: a concurrent run writes
what this run would have written.

- A derived table rebuilt from another table (DELETE then INSERT, or INSERT OR
  REPLACE of values computed from the source rows).
- A read that only picks which derived rows to delete.
- A schema-catalog read deciding a migration: no INSERT/UPDATE/DELETE writes
  the catalog.
- A "done" flag or a switch set to a constant, whoever wins.

Sync FastAPI endpoints run on the thread pool, so two calls can interleave."""
import json
import sqlite3

from fastapi import FastAPI

app = FastAPI()
DB_PATH = "notes.db"


@app.post("/rollups/authors")
def rebuild_author_counts():
    conn = sqlite3.connect(DB_PATH)
    rows = conn.execute(
        "SELECT author, COUNT(*) FROM notes GROUP BY author"
    ).fetchall()
    conn.execute("DELETE FROM author_counts")
    for author, count in rows:
        conn.execute(
            "INSERT INTO author_counts (author, n) VALUES (?, ?)", (author, count)
        )
    conn.commit()
    conn.close()


@app.post("/rollups/tags")
def rebuild_tag_vectors():
    conn = sqlite3.connect(DB_PATH)
    rows = conn.execute("SELECT tag, body FROM notes JOIN tags ON tags.note_id = notes.id").fetchall()
    by_tag = {}
    for tag, body in rows:
        by_tag.setdefault(tag, []).append(len(body))
    for tag, sizes in by_tag.items():
        conn.execute(
            "INSERT OR REPLACE INTO tag_stats (tag, sizes) VALUES (?, ?)",
            (tag, json.dumps(sizes)),
        )
    conn.commit()
    conn.close()


@app.delete("/notes/{note_id}/derived")
def forget_derived(note_id: int):
    conn = sqlite3.connect(DB_PATH)
    row = conn.execute("SELECT author FROM notes WHERE id = ?", (note_id,)).fetchone()
    if row:
        conn.execute("DELETE FROM author_counts WHERE author = ?", (row[0],))
        conn.commit()
    conn.close()


@app.post("/migrate")
def migrate():
    conn = sqlite3.connect(DB_PATH)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "archive" not in tables:
        conn.execute("DELETE FROM notes WHERE archived = 1")
        conn.commit()
    conn.close()


@app.post("/maintenance/once")
def run_once():
    conn = sqlite3.connect(DB_PATH)
    flag = conn.execute("SELECT value FROM settings WHERE key = 'tidy_done'").fetchone()
    if flag is None or flag[0] != "1":
        conn.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", ("tidy_done", "1")
        )
        conn.commit()
    conn.close()


@app.post("/subscriptions/{user}/{channel}/off")
def unsubscribe(user: str, channel: str):
    conn = sqlite3.connect(DB_PATH)
    row = conn.execute(
        "SELECT id FROM subscriptions WHERE user = ? AND channel = ? AND enabled = 1",
        (user, channel),
    ).fetchone()
    if row is not None:
        conn.execute("UPDATE subscriptions SET enabled = 0 WHERE id = ?", (row[0],))
        conn.commit()
    conn.close()
