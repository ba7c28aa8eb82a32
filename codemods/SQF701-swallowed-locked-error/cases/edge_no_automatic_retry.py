import logging
import sqlite3

log = logging.getLogger("pipeline")


def save_result(conn, doc_id, result, store):
    try:
        store.insert_result(conn, doc_id, result)
    except sqlite3.OperationalError:
        log.exception("result for %s not saved", doc_id)


def save_both(conn, audit_conn, doc_id):
    try:
        conn.execute("UPDATE documents SET status = 'done' WHERE id = ?", (doc_id,))
        audit_conn.execute("INSERT INTO audit (doc_id, event) VALUES (?, 'done')", (doc_id,))
        conn.commit()
        audit_conn.commit()
    except sqlite3.OperationalError:
        pass


def save_or_report(conn, doc_id):
    try:
        conn.execute("UPDATE documents SET status = 'done' WHERE id = ?", (doc_id,))
        conn.commit()
    except sqlite3.OperationalError:
        pass
    else:
        log.info("saved %s", doc_id)
