import logging
import sqlite3
import time
import uuid
from contextlib import asynccontextmanager

from fastapi import BackgroundTasks, FastAPI, File, HTTPException, UploadFile

from app import checkpoints, db, metrics, pipeline
from app.config import DB_PATH, UPLOAD_DIR

logging.basicConfig(
    level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
)
log = logging.getLogger("docproc")


@asynccontextmanager
async def lifespan(app: FastAPI):
    db.init_db()
    monitor = metrics.start_monitoring()
    yield
    metrics.stop_monitoring(monitor)


app = FastAPI(title="docproc", lifespan=lifespan)


@app.get("/healthz")
async def healthz():
    return {"ok": True}


@app.post("/documents", status_code=202)
async def upload_document(
    background_tasks: BackgroundTasks, file: UploadFile = File(...)
):
    doc_id = uuid.uuid4().hex
    data = await file.read()
    name = (file.filename or "upload").replace("/", "_")
    path = UPLOAD_DIR / f"{doc_id}_{name}"
    path.write_bytes(data)

    now = time.time()
    try:
        with metrics.write_unit("create_document"):
            # The context manager commits and cleans up the connection.
            with sqlite3.connect(DB_PATH) as conn:
                conn.execute(
                    "INSERT INTO documents (id, filename, size, status, created_at, updated_at)"
                    " VALUES (?, ?, ?, 'queued', ?, ?)",
                    (doc_id, name, len(data), now, now),
                )
    except sqlite3.OperationalError as e:
        raise HTTPException(status_code=503, detail=f"could not save document: {e}")

    db.bump_stat("documents_uploaded")
    background_tasks.add_task(pipeline.process_document, doc_id, str(path))
    return {"id": doc_id, "status": "queued"}


@app.get("/documents/{doc_id}")
async def document_status(doc_id: str):
    doc = db.get_document(doc_id)
    if doc is None:
        raise HTTPException(status_code=404, detail="no such document")
    state = checkpoints.load_state(doc_id)
    doc["completed_stages"] = state["completed"] if state else []
    return doc


@app.get("/documents/{doc_id}/progress")
async def document_progress(doc_id: str):
    conn = sqlite3.connect(DB_PATH)
    row = conn.execute(
        "SELECT status, stage, progress FROM documents WHERE id = ?", (doc_id,)
    ).fetchone()
    pages_done = conn.execute(
        "SELECT COUNT(*) FROM checkpoints WHERE doc_id = ?", (doc_id,)
    ).fetchone()[0]
    conn.close()
    if row is None:
        raise HTTPException(status_code=404, detail="no such document")
    status, stage, progress = row
    return {
        "id": doc_id,
        "status": status,
        "stage": stage,
        "progress": progress,
        "checkpoints": pages_done,
    }


@app.get("/stats")
async def stats():
    return db.get_stats()


@app.get("/metrics")
async def get_metrics():
    return metrics.snapshot()
