"""A sync yield dependency opens the request's connection; the sync endpoint uses
it. FastAPI runs the two (and the teardown after `yield`) on different threadpool
threads, so with the default check_same_thread the endpoint raises ProgrammingError."""
import sqlite3
from typing import Generator

from fastapi import APIRouter, Depends

DATABASE = "artifacts.db"
router = APIRouter()


def get_db() -> Generator[sqlite3.Connection, None, None]:
    db = sqlite3.connect(DATABASE)
    try:
        yield db
    finally:
        db.close()


def get_plain_db():
    return sqlite3.connect(DATABASE)


@router.get("/api/tables")
def tables(db: sqlite3.Connection = Depends(get_db)):
    return [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]


@router.get("/api/count")
def count(db=Depends(get_plain_db)):
    return db.execute("SELECT count(*) FROM artifacts").fetchone()[0]
