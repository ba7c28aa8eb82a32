"""A poller thread and a request thread write the same file while a sweeper
holds the write lock across a sleep. Each write is retried `while True:` until
it commits: one statement (the only write of its transaction) and its commit,
or the commit of a batch made before the loop, with a handler that logs or
sleeps and tries again. There is no last attempt, so no write is lost and no
half-done transaction is published."""
import logging
import sqlite3
import threading
import time

DB = "feeds.db"
log = logging.getLogger(__name__)


def mark_fetched(conn: sqlite3.Connection, feed: int, when: float) -> None:
    while True:
        try:
            conn.execute("UPDATE feeds SET fetched_at = ? WHERE id = ?", (when, feed))
            conn.commit()
            break
        except sqlite3.OperationalError:
            log.info("feeds.db busy, retrying")
            time.sleep(1)


def store_entries(conn: sqlite3.Connection, entries: list) -> None:
    conn.executemany("INSERT OR REPLACE INTO entries (id, title) VALUES (?, ?)", entries)
    while True:
        try:
            conn.commit()
            return
        except sqlite3.OperationalError:
            time.sleep(1)


def forget(path: str, feed: int) -> None:
    while 1:
        try:
            with sqlite3.connect(path) as conn:
                conn.execute("DELETE FROM feeds WHERE id = ?", (feed,))
            return
        except sqlite3.OperationalError:
            pass


def sweep(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM entries WHERE read = 1")
    time.sleep(10)  # keep the batch visible to nobody until the archive ran
    conn.commit()


def start() -> None:
    threading.Thread(target=mark_fetched, args=(sqlite3.connect(DB), 1, 0.0)).start()
    threading.Thread(target=store_entries, args=(sqlite3.connect(DB), [])).start()
    threading.Thread(target=forget, args=(DB, 1)).start()
    threading.Thread(target=sweep, args=(sqlite3.connect(DB),)).start()
