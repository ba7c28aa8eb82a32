# An ORM session staging one row per item and committing each: N rows are N
# write transactions. The commit moves after the loop (one flush, one commit).
import time

from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from models import Checkpoint, Tag

engine = create_engine("sqlite:///pipeline.db")


def save_checkpoint_rows(session: Session, doc_id, stage, results):
    for r in results:
        session.add(
            Checkpoint(
                doc_id=doc_id,
                stage=stage,
                page=r["page"],
                digest=r["digest"],
                created_at=time.time(),
            )
        )
        session.commit()


def save_tags(db, doc_id, names):
    for name in names:
        db.add(Tag(doc_id=doc_id, name=name.strip().lower()))
        db.commit()
