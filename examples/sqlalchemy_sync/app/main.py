import logging
import uuid
from contextlib import asynccontextmanager

from fastapi import BackgroundTasks, Depends, FastAPI, File, HTTPException, UploadFile
from sqlalchemy.orm import Session

from app import checkpoints, crud, metrics, pipeline
from app.config import UPLOAD_DIR
from app.models import Base, Document, engine, get_session

logging.basicConfig(
    level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
)
log = logging.getLogger("docproc")


@asynccontextmanager
async def lifespan(app: FastAPI):
    Base.metadata.create_all(engine)
    monitor = metrics.start_monitoring()
    yield
    metrics.stop_monitoring(monitor)


app = FastAPI(title="docproc-sqlalchemy", lifespan=lifespan)


@app.get("/healthz")
async def healthz():
    return {"ok": True}


@app.post("/documents", status_code=202)
async def upload_document(
    background_tasks: BackgroundTasks,
    file: UploadFile = File(...),
    session: Session = Depends(get_session),
):
    doc_id = uuid.uuid4().hex
    data = await file.read()
    name = (file.filename or "upload").replace("/", "_")
    path = UPLOAD_DIR / f"{doc_id}_{name}"
    path.write_bytes(data)

    crud.create_document(session, doc_id, name, len(data))
    crud.bump_stat(session, "documents_uploaded")
    background_tasks.add_task(pipeline.process_document, doc_id, str(path))
    return {"id": doc_id, "status": "queued"}


@app.get("/documents/{doc_id}")
async def document_status(doc_id: str, session: Session = Depends(get_session)):
    doc = session.get(Document, doc_id)
    if doc is None:
        raise HTTPException(status_code=404, detail="no such document")
    state = checkpoints.load_state(doc_id)
    return {
        "id": doc.id,
        "filename": doc.filename,
        "status": doc.status,
        "stage": doc.stage,
        "progress": doc.progress,
        "pages": doc.pages,
        "error": doc.error,
        "completed_stages": state["completed"] if state else [],
    }


@app.get("/documents/{doc_id}/progress")
async def document_progress(doc_id: str, session: Session = Depends(get_session)):
    progress = crud.get_progress(session, doc_id)
    if progress is None:
        raise HTTPException(status_code=404, detail="no such document")
    return dict(progress, id=doc_id)


@app.get("/stats")
async def stats(session: Session = Depends(get_session)):
    return crud.get_stats(session)


@app.get("/metrics")
async def get_metrics():
    return metrics.snapshot()
