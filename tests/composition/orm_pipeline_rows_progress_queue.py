# composes: SQF112, SQF402, SQF601
# A pipeline on a SQLAlchemy engine, run by worker threads: the engine gets the
# recipe's listeners and the process write queue (SQF112), the per-row commits
# of the checkpoint rows become one (SQF402), and the per-page progress write,
# guarded by a try/except, is throttled whole (SQF601).
import time
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import Integer, String, create_engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

engine = create_engine("sqlite:///./pipeline.db", connect_args={"check_same_thread": False})
SessionLocal = sessionmaker(bind=engine)


class Base(DeclarativeBase):
    pass


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String, primary_key=True)
    progress: Mapped[int] = mapped_column(Integer, default=0)


class Row(Base):
    __tablename__ = "rows"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    doc_id: Mapped[str] = mapped_column(String)
    page: Mapped[int] = mapped_column(Integer)


def update_progress(session: Session, doc_id, progress):
    doc = session.get(Document, doc_id)
    doc.progress = progress
    session.commit()


def save_rows(session: Session, doc_id, pages):
    for page in pages:
        session.add(Row(doc_id=doc_id, page=page))
        session.commit()


def process(doc_id, pages):
    with SessionLocal() as session:
        done = 0
        for page in pages:
            time.sleep(0.1)
            done += 1
            try:
                update_progress(session, doc_id, int(100 * done / len(pages)))
            except OperationalError:
                session.rollback()
        save_rows(session, doc_id, pages)


def run(docs):
    with ThreadPoolExecutor(max_workers=8) as pool:
        for doc_id, pages in docs.items():
            pool.submit(process, doc_id, pages)
