import hashlib
import logging
import time
from pathlib import Path

from sqlalchemy.exc import OperationalError

from app import checkpoints, crud
from app.config import STAGE_DELAY
from app.models import SessionLocal

log = logging.getLogger("docproc.pipeline")

STAGES = ["parse", "ocr", "layout", "tables", "export"]


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
    """A FastAPI background task (sync, so Starlette runs it in its thread pool)."""
    session = SessionLocal()
    try:
        pages = split_pages(Path(path).read_bytes())
        crud.set_status(session, doc_id, "processing", stage=STAGES[0], pages=len(pages))
        total = len(STAGES) * len(pages)
        done = 0
        state = {"doc_id": doc_id, "stages": STAGES, "completed": [], "pages": len(pages)}
        for stage in STAGES:
            crud.set_status(session, doc_id, "processing", stage=stage)
            results = []
            for page_no, text in enumerate(pages, start=1):
                results.append(run_stage(stage, page_no, text))
                done += 1
                try:
                    crud.update_progress(session, doc_id, int(100 * done / total))
                except OperationalError:
                    session.rollback()  # progress is best effort
            checkpoints.save_stage(
                doc_id, stage, {"doc_id": doc_id, "stage": stage, "pages": results}
            )
            crud.save_checkpoint_rows(session, doc_id, stage, results)
            state["completed"].append(stage)
            checkpoints.save_state(doc_id, state)
            crud.bump_stat(session, "pages_processed", len(pages))
        crud.set_status(session, doc_id, "done", stage=STAGES[-1], progress=100)
        crud.bump_stat(session, "documents_processed")
    except Exception as e:
        log.exception("pipeline failed for %s", doc_id)
        session.rollback()
        crud.set_status(session, doc_id, "failed", error=str(e))
    finally:
        session.close()
