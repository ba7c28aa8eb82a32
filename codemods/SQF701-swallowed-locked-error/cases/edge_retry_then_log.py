"""A retry loop whose `else:` only logs: the failure reaches the log, but the
caller carries on as if the write was saved (reported). A loop that returns
`True` on success and something else after the last attempt gives the caller
the signal (not reported)."""
import logging
import sqlite3
import time

log = logging.getLogger(__name__)


def mark_seen(conn, item):
    for _ in range(3):
        try:
            conn.execute("UPDATE items SET seen = 1 WHERE id = ?", (item,))
            conn.commit()
            break
        except sqlite3.OperationalError:
            time.sleep(0.2)
    else:
        log.warning("could not mark %s", item)


def mark_read(conn, item):
    for _ in range(3):
        try:
            conn.execute("UPDATE items SET read = 1 WHERE id = ?", (item,))
            conn.commit()
            return True
        except sqlite3.OperationalError:
            time.sleep(0.2)
    return None
