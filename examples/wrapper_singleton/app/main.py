import asyncio
import logging
import uuid
from contextlib import asynccontextmanager

from fastapi import FastAPI, File, HTTPException, UploadFile

from app import checkpoints, metrics, pipeline
from app.config import UPLOAD_DIR
from app.db import db

logging.basicConfig(
    level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
)
log = logging.getLogger("docproc")

# Keeps the pipeline futures referenced until they finish.
_jobs = set()


@asynccontextmanager
async def lifespan(app: FastAPI):
    db.init_schema()
    monitor = metrics.start_monitoring()
    yield
    metrics.stop_monitoring(monitor)
    pipeline.executor.shutdown(wait=False, cancel_futures=True)


app = FastAPI(title="docproc-wrapper", lifespan=lifespan)


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

    db.create_document(doc_id, name, len(data))
    db.bump_stat("documents_uploaded")

    loop = asyncio.get_running_loop()
    job = loop.run_in_executor(
        pipeline.executor, pipeline.process_document, doc_id, str(path)
    )
    _jobs.add(job)
    job.add_done_callback(_jobs.discard)
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
