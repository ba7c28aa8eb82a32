"""Best-effort cache writes that report a failure with its traceback: the
error reaches whoever reads the logs, on purpose."""

import logging
import sqlite3

logger = logging.getLogger(__name__)


def update_entry(conn, entry_id, data):
    try:
        conn.execute("UPDATE entries SET data = ? WHERE id = ?", (data, entry_id))
        conn.commit()
    except (sqlite3.Error, OSError):
        logger.exception("cache: could not update entry %s", entry_id)


def remove_entry(conn, entry_id):
    try:
        conn.execute("DELETE FROM entries WHERE id = ?", (entry_id,))
        conn.commit()
    except sqlite3.OperationalError:
        logger.warning("cache: could not remove entry %s", entry_id, exc_info=True)
