"""Two read-then-writes on worker threads that lose nothing: a folder cache
filled on a miss by building the row field by field and merging it (any racer
stores the same mapping), and a stored location overwritten with the new one
the caller passes in (the read only finds the row; the last writer wins, as
two plain UPDATEs would)."""
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import Integer, String, create_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, scoped_session, sessionmaker

engine = create_engine("sqlite:///archive.db")
db = scoped_session(sessionmaker(bind=engine))


class Base(DeclarativeBase):
    pass


class FolderRef(Base):
    __tablename__ = "folder_refs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    location: Mapped[str] = mapped_column(String)
    remote_key: Mapped[str] = mapped_column(String)


def remote_key_for(location, fetch_remote):
    ref = db.query(FolderRef).filter(FolderRef.location == location).first()
    if ref:
        return ref.remote_key
    entry = FolderRef()
    entry.remote_key = fetch_remote(location)
    entry.location = location
    db.merge(entry)
    db.commit()
    return entry.remote_key


def relocate(remote_key, new_location):
    ref = db.query(FolderRef).filter(FolderRef.remote_key == remote_key).first()
    if ref is not None:
        ref.location = new_location.rstrip("/") + "/"
        db.commit()


def run(jobs):
    with ThreadPoolExecutor(max_workers=3) as pool:
        for job, args in jobs:
            pool.submit(job, *args)
