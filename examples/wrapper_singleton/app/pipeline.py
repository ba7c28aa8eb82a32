import hashlib
import logging
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from app import checkpoints
from app.config import STAGE_DELAY
from app.db import db

log = logging.getLogger("docproc.pipeline")

STAGES = ["parse", "ocr", "layout", "tables", "export"]

# Conversion is CPU- and model-bound, so it runs on a pool, not on the event loop.
executor = ThreadPoolExecutor(max_workers=16, thread_name_prefix="pipeline")


def split_pages(data: bytes):
    text = data.decode("utf-8", errors="replace")
    return [p for p in text.split("\f") if p.strip()] or [text]


def run_stage(stage, page_no, text):
    # Stand-in for the model call: some waiting plus a little CPU.
    time.sleep(STAGE_DELAY)
    digest = text.encode()
    for _ in range(20):
        digest = hashlib.sha256(digest + stage.encode()).digest()
    return {
        "page": page_no,
        "chars": len(text),
        "digest": digest.hex(),
        "text": text[:400],
    }


def process_document(doc_id: str, path: str):
    try:
        pages = split_pages(Path(path).read_bytes())
        db.set_status(doc_id, "processing", stage=STAGES[0], pages=len(pages))
        total = len(STAGES) * len(pages)
        done = 0
        state = {"doc_id": doc_id, "stages": STAGES, "completed": [], "pages": len(pages)}
        for stage in STAGES:
            db.set_status(doc_id, "processing", stage=stage)
            results = []
            for page_no, text in enumerate(pages, start=1):
                results.append(run_stage(stage, page_no, text))
                done += 1
                try:
                    db.update_progress(doc_id, int(100 * done / total))
                except sqlite3.OperationalError:
                    pass  # progress is best effort
            checkpoints.save_stage(
                doc_id, stage, {"doc_id": doc_id, "stage": stage, "pages": results}
            )
            db.save_checkpoint_rows(doc_id, stage, results)
            state["completed"].append(stage)
            checkpoints.save_state(doc_id, state)
            db.bump_stat("pages_processed", len(pages))
        db.set_status(doc_id, "done", stage=STAGES[-1], progress=100)
        db.bump_stat("documents_processed")
    except Exception as e:
        log.exception("pipeline failed for %s", doc_id)
        db.set_status(doc_id, "failed", error=str(e))
