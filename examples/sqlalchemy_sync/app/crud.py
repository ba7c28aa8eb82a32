import time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import metrics
from app.models import Checkpoint, Document, Stat


@metrics.write_unit("create_document")
def create_document(session: Session, doc_id, filename, size):
    now = time.time()
    session.add(
        Document(
            id=doc_id,
            filename=filename,
            size=size,
            status="queued",
            created_at=now,
            updated_at=now,
        )
    )
    session.commit()


def get_progress(session: Session, doc_id):
    doc = session.get(Document, doc_id)
    if doc is None:
        return None
    pages_done = session.scalar(
        select(func.count()).select_from(Checkpoint).where(Checkpoint.doc_id == doc_id)
    )
    return {
        "status": doc.status,
        "stage": doc.stage,
        "progress": doc.progress,
        "checkpoints": pages_done,
    }


@metrics.write_unit("set_status")
def set_status(session: Session, doc_id, status, stage=None, pages=None, progress=None, error=None):
    doc = session.get(Document, doc_id)
    doc.status = status
    if stage is not None:
        doc.stage = stage
    if pages is not None:
        doc.pages = pages
    if progress is not None:
        doc.progress = progress
    doc.error = error
    doc.updated_at = time.time()
    session.commit()


@metrics.write_unit("update_progress")
def update_progress(session: Session, doc_id, progress):
    doc = session.get(Document, doc_id)
    if doc is not None and progress > doc.progress:
        doc.progress = progress
        doc.updated_at = time.time()
        session.commit()


@metrics.write_unit("save_checkpoint_rows")
def save_checkpoint_rows(session: Session, doc_id, stage, results):
    for r in results:
        session.add(
            Checkpoint(
                doc_id=doc_id,
                stage=stage,
                page=r["page"],
                chars=r["chars"],
                digest=r["digest"],
                created_at=time.time(),
            )
        )
        session.commit()


@metrics.write_unit("bump_stat")
def bump_stat(session: Session, name, by=1):
    stat = session.get(Stat, name)
    if stat is None:
        session.add(Stat(name=name, value=by))
    else:
        stat.value = stat.value + by
    session.commit()


def get_stats(session: Session):
    return {s.name: s.value for s in session.scalars(select(Stat))}
