import logging
import uuid
from contextlib import asynccontextmanager

from fastapi import FastAPI, File, HTTPException, UploadFile

from app import checkpoints, db, metrics
from app.config import UPLOAD_DIR

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


app = FastAPI(title="docproc-worker-web", lifespan=lifespan)


@app.get("/healthz")
async def healthz():
    return {"ok": True}


@app.post("/documents", status_code=202)
async def upload_document(file: UploadFile = File(...)):
    doc_id = uuid.uuid4().hex
    data = await file.read()
    name = (file.filename or "upload").replace("/", "_")
    path = UPLOAD_DIR / f"{doc_id}_{name}"
    path.write_bytes(data)
    # The worker process picks the job up from the jobs table.
    db.create_document(doc_id, name, len(data), str(path))
    conn = db.connect()
    db.bump_stat(conn, "documents_uploaded")
    conn.close()
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
    progress = db.get_progress(doc_id)
    if progress is None:
        raise HTTPException(status_code=404, detail="no such document")
    return dict(progress, id=doc_id)


@app.get("/stats")
async def stats():
    return db.get_stats()


@app.get("/metrics")
async def get_metrics():
    return metrics.snapshot()
