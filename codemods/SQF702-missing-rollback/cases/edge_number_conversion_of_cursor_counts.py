"""A play-session tracker keeps one connection for the process. `start` inserts
a session and converts the cursor's `lastrowid` and `rowcount` with `int()` and
`str()` before committing: once a statement has run, both are ints
(F-cursor-counts), so nothing between the INSERT and the commit can raise and
the transaction cannot be left open there. `record` converts a value from the
caller's payload with `int()`, which raises ValueError on "n/a" after the
INSERT: that one is reported, and the message names it."""
import logging
import sqlite3

log = logging.getLogger(__name__)

_conn = sqlite3.connect("sessions.db", check_same_thread=False)


def start(game_id, started_at):
    cur = _conn.cursor()
    cur.execute("INSERT INTO sessions (game_id, started_at) VALUES (?, ?)", (game_id, started_at))
    session_id = int(cur.lastrowid)
    log.debug("session %s (%s rows)", session_id, str(cur.rowcount))
    _conn.commit()
    return session_id


def record(game_id, payload):
    cur = _conn.cursor()
    cur.execute("INSERT INTO scores (game_id) VALUES (?)", (game_id,))
    score = int(payload["score"])
    cur.execute("UPDATE scores SET score = ? WHERE id = ?", (score, cur.lastrowid))
    _conn.commit()
