"""Sync FastAPI endpoints (run on the thread pool) that read, then write in a way
no concurrent call can undo: a DELETE and a conditional UPDATE that repeat the
read's filter with values of their own, and a write re-decided under BEGIN IMMEDIATE."""
import sqlite3

from fastapi import FastAPI

app = FastAPI()
DB_PATH = "members.db"


@app.post("/sessions/expire")
def expire(now: int):
    conn = sqlite3.connect(DB_PATH)
    rows = conn.execute("SELECT id FROM sessions WHERE expires_at <= ?", (now,)).fetchall()
    if rows:
        conn.execute("DELETE FROM sessions WHERE expires_at <= ?", (now,))
        conn.commit()
    conn.close()
    return len(rows)


@app.post("/guilds/{guild_id}/members/{member_id}/leave")
def leave(guild_id: int, member_id: int):
    conn = sqlite3.connect(DB_PATH)
    row = conn.execute(
        "SELECT inviter_id FROM invites WHERE guild_id = ? AND user_id = ? AND left_at IS NULL",
        (guild_id, member_id),
    ).fetchone()
    if row:
        conn.execute(
            "UPDATE invites SET left_at = CURRENT_TIMESTAMP "
            "WHERE guild_id = ? AND user_id = ? AND left_at IS NULL",
            (guild_id, member_id),
        )
        conn.commit()
    conn.close()


@app.post("/runs/{commit}")
def record_run(commit: str):
    conn = sqlite3.connect(DB_PATH, isolation_level=None)
    existing = conn.execute("SELECT id FROM runs WHERE sha = ?", (commit,)).fetchone()
    if existing is None:
        conn.execute("BEGIN IMMEDIATE")
        again = conn.execute("SELECT id FROM runs WHERE sha = ?", (commit,)).fetchone()
        if again is None:
            conn.execute("INSERT INTO runs (sha) VALUES (?)", (commit,))
        conn.execute("COMMIT")
    conn.close()


def _existing(conn, commit):
    return conn.execute("SELECT id FROM runs WHERE sha = ?", (commit,)).fetchone()


@app.post("/runs/{commit}/helper")
def record_run_through_helper(commit: str):
    conn = sqlite3.connect(DB_PATH, isolation_level=None)
    existing = conn.execute("SELECT id FROM runs WHERE sha = ?", (commit,)).fetchone()
    if existing is None:
        conn.execute("BEGIN IMMEDIATE")
        again = _existing(conn, commit)
        if again is None:
            conn.execute("INSERT INTO runs (sha) VALUES (?)", (commit,))
        conn.execute("COMMIT")
    conn.close()
