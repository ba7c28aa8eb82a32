"""OCR page ingestion: sqlite3 errors caught under other names, one handler in a
nested function; 2-space indentation and CRLF line endings.

Probes the error-class match through aliases (`import sqlite3 as sq`,
`from sqlite3 import OperationalError as DbBusy` inside a tuple) and a handler
whose function is nested in another one but still reaches the module's connection.
Expected: the handlers in `ingest.store` and `ingest_batch` are flagged and get
`_conn.rollback()` as their first line, indented with two spaces and ending in
CRLF; `ingest_guarded.store`, which rolls back itself, is not flagged.
"""
import logging
import sqlite3 as sq
from sqlite3 import OperationalError as DbBusy

log = logging.getLogger(__name__)

_conn = sq.connect("pages.db", check_same_thread=False, timeout=5.0)


def record_page(doc_id, number, text):
  _conn.execute(
    "INSERT INTO pages (doc_id, number, text) VALUES (?, ?, ?)",
    (doc_id, number, text),
  )
  _conn.execute("UPDATE documents SET pages = pages + 1 WHERE id = ?", (doc_id,))
  _conn.commit()


def ingest(doc_id, pages):
  def store(number, text):
    try:
      record_page(doc_id, number, text)
    except (ValueError, DbBusy):
      log.warning("page %s of %s skipped", number, doc_id)

  for number, text in enumerate(pages, start=1):
    store(number, text)


def ingest_batch(batch):
  for doc_id, number, text in batch:
    try:
      record_page(doc_id, number, text)
    except sq.DatabaseError as e:
      log.warning("page %s of %s skipped: %s", number, doc_id, e)


def ingest_guarded(doc_id, pages):
  def store(number, text):
    try:
      record_page(doc_id, number, text)
    except DbBusy:
      _conn.rollback()
      log.warning("page %s of %s skipped", number, doc_id)

  for number, text in enumerate(pages, start=1):
    store(number, text)
