"""A pipeline's ORM store: a module engine shared by worker threads, one short
write transaction per saved page (read the document's counter, add a row,
commit). Written without SQLite listeners: sqlfix adds them."""
import os
import time

from sqlalchemy import Integer, String, create_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

DB_PATH = os.environ.get("STORE_DB", "store.db")

engine = create_engine(f"sqlite:///{DB_PATH}", connect_args={"check_same_thread": False})
SessionLocal = sessionmaker(bind=engine, expire_on_commit=False)


class Base(DeclarativeBase):
    pass


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String, primary_key=True)
    pages_done: Mapped[int] = mapped_column(Integer, default=0)


class Page(Base):
    __tablename__ = "pages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    doc_id: Mapped[str] = mapped_column(String)
    page: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String)


def save_page(doc_id, page, text):
    with SessionLocal() as session:
        doc = session.get(Document, doc_id)
        doc.pages_done = doc.pages_done + 1
        session.add(Page(doc_id=doc_id, page=page, text=text))
        session.commit()


def create(doc_ids):
    Base.metadata.create_all(engine)
    with SessionLocal() as session:
        for doc_id in doc_ids:
            session.add(Document(id=doc_id, pages_done=0))
        session.commit()


def pages_done():
    with SessionLocal() as session:
        return {d.id: d.pages_done for d in session.query(Document).order_by(Document.id)}


def nested_save(doc_id):
    """A second session opened while the first holds its transaction, on the same
    thread: the inner one must not wait for the outer one forever."""
    with SessionLocal() as outer:
        outer.get(Document, doc_id).pages_done += 0
        outer.flush()
        started = time.perf_counter()
        try:
            with SessionLocal() as inner:
                inner.get(Document, doc_id)
                inner.commit()
            inner_error = None
        except Exception as e:  # the inner one may fail with "database is locked"
            inner_error = type(e).__name__
        waited = time.perf_counter() - started
        outer.commit()
    return waited, inner_error
