import logging
import sqlite3

from app import db

log = logging.getLogger(__name__)

STAGES = ["parse", "ocr", "export"]


def process_document(doc_id):
    for stage in STAGES:
        try:
            db.set_status(doc_id, "processing", stage=stage)
        except sqlite3.OperationalError:
            pass  # the stage label is cosmetic; don't fail a document over it
        run_stage(doc_id, stage)
    try:
        db.set_status(doc_id, "done")
    except sqlite3.Error as e:
        log.warning("could not mark %s done: %s", doc_id, e)


def run_stage(doc_id, stage):
    log.info("running %s on %s", stage, doc_id)
