import logging
import sqlite3

import aiosqlite

logger = logging.getLogger(__name__)
DB_PATH = "documents.db"


def set_status(doc_id, status):
    conn = sqlite3.connect(DB_PATH)
    try:
        conn.execute("UPDATE documents SET status = ? WHERE id = ?", (status, doc_id))
        conn.commit()
    except sqlite3.OperationalError:
        pass
    finally:
        conn.close()


def save_pages(conn, doc_id, pages):
    for n, text in enumerate(pages):
        try:
            cur = conn.cursor()
            cur.execute("INSERT INTO pages (doc_id, n, text) VALUES (?, ?, ?)", (doc_id, n, text))
            conn.commit()
        except Exception as e:
            logger.warning("could not save page %s of %s: %s", n, doc_id, e)
            continue


async def record_event(db: aiosqlite.Connection, doc_id, kind):
    try:
        await db.execute("INSERT INTO events (doc_id, kind) VALUES (?, ?)", (doc_id, kind))
        await db.commit()
    except sqlite3.OperationalError as exc:
        logger.error("event lost: %s", exc)


def mark_done(conn, doc_id):
    conn.execute("UPDATE documents SET finished_at = CURRENT_TIMESTAMP WHERE id = ?", (doc_id,))
    try:
        conn.execute("UPDATE documents SET status = 'done' WHERE id = ?", (doc_id,))
        conn.commit()
    except sqlite3.Error:
        print("status update failed")
