import asyncio
import hashlib
import logging
import sqlite3
import time
from pathlib import Path

from app import checkpoints, db
from app.config import STAGE_DELAY

log = logging.getLogger("docproc.pipeline")

STAGES = ["parse", "ocr", "layout", "tables", "export"]


def split_pages(data: bytes):
    text = data.decode("utf-8", errors="replace")
    return [p for p in text.split("\f") if p.strip()] or [text]


def run_stage(stage, page_no, text):
    # Stand-in for the model call (sync, so it runs in a thread): waiting plus some CPU.
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


async def process_document(doc_id: str, path: str):
    """Runs as an asyncio task per upload, with its own connection."""
    conn = await db.get_db()
    try:
        pages = split_pages(Path(path).read_bytes())
        await db.set_status(conn, doc_id, "processing", stage=STAGES[0], pages=len(pages))
        total = len(STAGES) * len(pages)
        done = 0
        state = {"doc_id": doc_id, "stages": STAGES, "completed": [], "pages": len(pages)}
        for stage in STAGES:
            await db.set_status(conn, doc_id, "processing", stage=stage)
            results = []
            for page_no, text in enumerate(pages, start=1):
                results.append(await asyncio.to_thread(run_stage, stage, page_no, text))
                done += 1
                try:
                    await db.update_progress(conn, doc_id, int(100 * done / total))
                except sqlite3.OperationalError as e:
                    log.warning("progress update skipped for %s: %s", doc_id, e)
            checkpoints.save_stage(
                doc_id, stage, {"doc_id": doc_id, "stage": stage, "pages": results}
            )
            await db.save_checkpoint_rows(conn, doc_id, stage, results)
            state["completed"].append(stage)
            checkpoints.save_state(doc_id, state)
            await db.bump_stat(conn, "pages_processed", len(pages))
        await db.set_status(conn, doc_id, "done", stage=STAGES[-1], progress=100)
        await db.bump_stat(conn, "documents_processed")
    except Exception as e:
        log.exception("pipeline failed for %s", doc_id)
        await db.set_status(conn, doc_id, "failed", error=str(e))
    finally:
        await conn.close()
