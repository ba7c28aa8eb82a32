"""Three writers retry on "database is locked" while a sweeper thread holds the
write lock across a sleep.

`save_score` loops `while True:` around one upsert and its commit, logging and
sleeping on a lock error: it tries the same statement until it commits, so
nothing is dropped (not reported). `save_badge` counts its attempts and, after
the last one, just falls out of the loop (reported). `save_streak` retries, but
its transaction already holds the INSERT made before the loop: the retried
UPDATE is not the transaction's only write (reported)."""
import logging
import sqlite3
import threading
import time

DB = "game.db"
log = logging.getLogger(__name__)


def save_score(conn: sqlite3.Connection, player: int, score: int) -> None:
    while True:
        try:
            conn.execute(
                "INSERT INTO scores (player, score) VALUES (?, ?) "
                "ON CONFLICT(player) DO UPDATE SET score = excluded.score",
                (player, score),
            )
            conn.commit()
            return
        except sqlite3.OperationalError as e:
            log.warning("score not saved yet: %s", e)
            time.sleep(0.5)


def save_badge(conn: sqlite3.Connection, player: int, badge: str) -> None:
    for _ in range(3):
        try:
            conn.execute("UPDATE players SET badge = ? WHERE id = ?", (badge, player))
            conn.commit()
            break
        except sqlite3.OperationalError:
            time.sleep(0.5)


def save_streak(conn: sqlite3.Connection, player: int, streak: int) -> None:
    conn.execute("INSERT INTO history (player, streak) VALUES (?, ?)", (player, streak))
    while True:
        try:
            conn.execute("UPDATE players SET streak = ? WHERE id = ?", (streak, player))
            conn.commit()
            break
        except sqlite3.OperationalError:
            log.warning("streak not saved yet")
            time.sleep(0.5)


def sweep(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE players SET active = 0 WHERE seen < date('now', '-30 day')")
    time.sleep(10)  # let the game servers notice before the change is visible
    conn.commit()


def start() -> None:
    threading.Thread(target=save_score, args=(sqlite3.connect(DB), 1, 10)).start()
    threading.Thread(target=save_badge, args=(sqlite3.connect(DB), 1, "gold")).start()
    threading.Thread(target=save_streak, args=(sqlite3.connect(DB), 1, 3)).start()
    threading.Thread(target=sweep, args=(sqlite3.connect(DB),)).start()
