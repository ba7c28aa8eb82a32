"""The worker process: `python -m app.worker`, beside the web server, on the same
database file. Threads claim queued jobs and run the pipeline."""

import hashlib
import logging
import signal
import threading
import time
from pathlib import Path

from app import checkpoints, db, metrics
from app.config import STAGE_DELAY

logging.basicConfig(
    level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
)
log = logging.getLogger("docproc.worker")

STAGES = ["parse", "ocr", "layout", "tables", "export"]
THREADS = 8
POLL_SECONDS = 0.2

stop = threading.Event()


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


def process_document(doc_id, path):
    conn = db.connect()
    try:
        pages = split_pages(Path(path).read_bytes())
        db.set_status(conn, doc_id, "processing", stage=STAGES[0], pages=len(pages))
        total = len(STAGES) * len(pages)
        done = 0
        state = {"doc_id": doc_id, "stages": STAGES, "completed": [], "pages": len(pages)}
        for stage in STAGES:
            db.set_status(conn, doc_id, "processing", stage=stage)
            results = []
            for page_no, text in enumerate(pages, start=1):
                results.append(run_stage(stage, page_no, text))
                done += 1
                db.update_progress(conn, doc_id, int(100 * done / total))
            checkpoints.save_stage(
                doc_id, stage, {"doc_id": doc_id, "stage": stage, "pages": results}
            )
            db.save_checkpoint_rows(conn, doc_id, stage, results)
            state["completed"].append(stage)
            checkpoints.save_state(doc_id, state)
            db.bump_stat(conn, "pages_processed", len(pages))
        db.set_status(conn, doc_id, "done", stage=STAGES[-1], progress=100)
        db.bump_stat(conn, "documents_processed")
    except Exception as e:
        log.exception("pipeline failed for %s", doc_id)
        db.set_status(conn, doc_id, "failed", error=str(e))
    finally:
        conn.close()


def work(name):
    while not stop.is_set():
        try:
            job = db.claim_job(name)
        except Exception:
            log.exception("could not claim a job")
            job = None
        if job is None:
            time.sleep(POLL_SECONDS)
            continue
        process_document(job["doc_id"], job["path"])


def main():
    db.init_db()
    metrics.start_file_mirror()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    threads = [
        threading.Thread(target=work, args=(f"worker-{i}",), daemon=True)
        for i in range(THREADS)
    ]
    for t in threads:
        t.start()
    while not stop.is_set():
        stop.wait(0.5)
    for t in threads:
        t.join(timeout=5)
    metrics.stop_file_mirror()


if __name__ == "__main__":
    main()
