"""A cleanup loop whose broad `except` guards file removal as well as the write:
narrowing it to "locked" errors would let one failing `os.remove` abort the whole
cleanup. The finding stays, with no automatic fix; the handler that only guards
the write (second function) still gets the retry."""

import logging
import os
import sqlite3

log = logging.getLogger(__name__)


def purge(conn: sqlite3.Connection, paths):
    for path in paths:
        try:
            os.remove(path)
            conn.execute("DELETE FROM files WHERE path = ?", (path,))
            conn.commit()
        except Exception as e:
            log.warning("could not purge %s: %s", path, e)


def mark_done(conn: sqlite3.Connection, doc_id):
    try:
        conn.execute("UPDATE documents SET status = 'done' WHERE id = ?", (doc_id,))
        conn.commit()
    except Exception as e:
        log.warning("could not mark %s: %s", doc_id, e)
