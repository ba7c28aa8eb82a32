"""Where the first write can still leave the lock held, or an earlier write
already took it (all reported):

- a plain INSERT as the first write: its usual failure is a duplicate key, and
  a first write that fails on a constraint has taken the write lock and keeps it;
- a flag written after another write of the same transaction in the try;
- a write before the try: the failing statement is not the first write."""
import logging
import sqlite3

log = logging.getLogger(__name__)

_conn = sqlite3.connect("cache.db", check_same_thread=False, timeout=10)


def add_member(user_id):
    try:
        _conn.execute("INSERT INTO members (user_id) VALUES (?)", (user_id,))
        _conn.commit()
    except sqlite3.Error:
        log.info("member %s not added", user_id)


def rotate(key, value):
    try:
        _conn.execute("DELETE FROM history WHERE key = ?", (key,))
        _conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value)
        )
        _conn.commit()
    except sqlite3.Error:
        log.info("rotate %s failed", key)


def touch_then_flag(key):
    _conn.execute("UPDATE meta SET touched = 1 WHERE key = ?", (key,))
    try:
        _conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", ("flag", "1")
        )
        _conn.commit()
    except sqlite3.Error:
        log.info("flag failed")
