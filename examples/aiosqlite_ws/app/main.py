import asyncio
import logging
import uuid
from contextlib import asynccontextmanager

from fastapi import FastAPI, File, HTTPException, UploadFile, WebSocket, WebSocketDisconnect

from app import checkpoints, db, metrics, pipeline
from app.config import UPLOAD_DIR

logging.basicConfig(
    level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
)
log = logging.getLogger("docproc")

# Keeps the pipeline tasks referenced until they finish.
_tasks = set()


@asynccontextmanager
async def lifespan(app: FastAPI):
    await db.init_db()
    monitor = metrics.start_monitoring()
    yield
    metrics.stop_monitoring(monitor)


app = FastAPI(title="docproc-aiosqlite", lifespan=lifespan)


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

    await db.create_document(doc_id, name, len(data))
    conn = await db.get_db()
    await db.bump_stat(conn, "documents_uploaded")
    await conn.close()

    task = asyncio.create_task(pipeline.process_document(doc_id, str(path)))
    _tasks.add(task)
    task.add_done_callback(_tasks.discard)
    return {"id": doc_id, "status": "queued"}


@app.get("/documents/{doc_id}")
async def document_status(doc_id: str):
    doc = await db.get_document(doc_id)
    if doc is None:
        raise HTTPException(status_code=404, detail="no such document")
    state = checkpoints.load_state(doc_id)
    doc["completed_stages"] = state["completed"] if state else []
    return doc


@app.get("/documents/{doc_id}/progress")
async def document_progress(doc_id: str):
    conn = await db.get_db()
    progress = await db.get_progress(conn, doc_id)
    await conn.close()
    if progress is None:
        raise HTTPException(status_code=404, detail="no such document")
    return dict(progress, id=doc_id)


@app.websocket("/ws/documents/{doc_id}")
async def progress_stream(websocket: WebSocket, doc_id: str):
    """Pushes the document's progress whenever it changes, until it is done."""
    await websocket.accept()
    conn = await db.get_db()
    last = None
    try:
        while True:
            progress = await db.get_progress(conn, doc_id)
            if progress is None:
                await websocket.send_json({"id": doc_id, "status": "unknown"})
                break
            if progress != last:
                await websocket.send_json(dict(progress, id=doc_id))
                last = progress
            if progress["status"] in ("done", "failed"):
                break
            await asyncio.sleep(0.2)
    except WebSocketDisconnect:
        pass
    finally:
        await conn.close()
    await websocket.close()


@app.get("/stats")
async def stats():
    return await db.get_stats()


@app.get("/metrics")
async def get_metrics():
    return metrics.snapshot()
