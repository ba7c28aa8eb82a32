"""A search service indexes new documents in one sync SQLAlchemy session: it
selects the documents still marked new, extracts each one's text (slow: the
whole PDF is parsed), flushes it, and commits once at the end. From the first
flush the session holds the write lock, through every later extraction; the
upload thread's writes wait out their 30 s busy timeout and fail with
"database is locked". It also claims the rows it selected by their state, so a
second indexer run picks the same documents. BEGIN IMMEDIATE before the read
would hold the lock even longer: the advice is to commit per document."""
import threading

from pypdf import PdfReader
from sqlalchemy import String, create_engine, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

engine = create_engine("sqlite:///library.db", connect_args={"timeout": 30})


class Base(DeclarativeBase):
    pass


class Document(Base):
    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(String, unique=True)
    body: Mapped[str] = mapped_column(String, default="")
    state: Mapped[str] = mapped_column(String, default="new")


def index_new() -> int:
    with Session(engine) as session:
        docs = session.scalars(select(Document).where(Document.state == "new")).all()
        for doc in docs:
            text = "".join(page.extract_text() for page in PdfReader(doc.path).pages)
            doc.body = text
            doc.state = "indexed"
            session.flush()
        session.commit()
        return len(docs)


def record_uploads(paths: list[str]) -> None:
    with Session(engine) as session:
        for path in paths:
            session.add(Document(path=path))
        session.commit()


def main(paths: list[str]) -> None:
    threading.Thread(target=record_uploads, args=(paths,), daemon=True).start()
    index_new()


if __name__ == "__main__":
    main(["a.pdf"])
