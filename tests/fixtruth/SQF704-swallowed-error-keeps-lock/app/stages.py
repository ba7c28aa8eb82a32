import logging
import os
import sqlite3

log = logging.getLogger(__name__)

DB_PATH = os.environ.get("STAGES_DB", "stages.db")
_conn = sqlite3.connect(DB_PATH, check_same_thread=False, timeout=0.2)
_conn.execute("CREATE TABLE IF NOT EXISTS documents (id TEXT PRIMARY KEY, stage TEXT)")
_conn.execute("CREATE TABLE IF NOT EXISTS stage_log (doc_id TEXT, stage TEXT, UNIQUE (doc_id, stage))")
_conn.commit()


def add(doc_id):
    _conn.execute("INSERT INTO documents (id, stage) VALUES (?, 'new')", (doc_id,))
    _conn.commit()


def record(doc_id, stage):
    _conn.execute("UPDATE documents SET stage = ? WHERE id = ?", (stage, doc_id))
    _conn.execute("INSERT INTO stage_log (doc_id, stage) VALUES (?, ?)", (doc_id, stage))
    _conn.commit()


def run(doc_id, stages):
    for stage in stages:
        try:
            record(doc_id, stage)
        except sqlite3.Error as e:
            log.warning("stage %s of %s not recorded: %s", stage, doc_id, e)


def log_rows():
    return [list(r) for r in _conn.execute("SELECT doc_id, stage FROM stage_log ORDER BY rowid")]
