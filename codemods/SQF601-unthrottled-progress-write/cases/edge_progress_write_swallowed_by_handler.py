# A per-page progress write whose `except` only logs: throttling would copy the
# guarded write, handler and all, after the loop, so a swallowed error would be
# swallowed in two places. Reported without a fix until the handler retries,
# rolls back or re-raises.
import logging
import sqlite3
import threading

log = logging.getLogger(__name__)


def render(page):
    return page.upper()


def process(db_path, doc_id, pages):
    conn = sqlite3.connect(db_path)
    for n, page in enumerate(pages, start=1):
        render(page)
        try:
            conn.execute("UPDATE documents SET progress = ? WHERE id = ?", (n, doc_id))
            conn.commit()
        except sqlite3.OperationalError as e:
            log.warning("progress update skipped: %s", e)
    conn.close()


def start(db_path, doc_id, pages):
    threading.Thread(target=process, args=(db_path, doc_id, pages)).start()
