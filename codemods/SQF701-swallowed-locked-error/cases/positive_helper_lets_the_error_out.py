"""The helper catches database errors only to log them, then raises again: a
"database is locked" on its INSERT reaches the caller, whose handler drops it.
The score row is lost with nothing but a warning."""
import logging
import sqlite3
import threading

log = logging.getLogger(__name__)


def save_score(conn, player, score):
    try:
        conn.execute("INSERT INTO scores (player, score) VALUES (?, ?)", (player, score))
        conn.commit()
    except sqlite3.Error:
        log.error("score insert failed")
        raise


def finish_round(conn, results):
    for player, score in results.items():
        try:
            save_score(conn, player, score)
        except sqlite3.OperationalError as e:
            log.warning("score for %s not saved: %s", player, e)


def start(conn, results):
    threading.Thread(target=finish_round, args=(conn, results)).start()
