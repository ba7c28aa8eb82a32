"""An async route takes the request's connection from the sync yield dependency
(run on a threadpool thread) and queries it inside `anyio.to_thread.run_sync`
(another worker thread): with check_same_thread=True every request fails."""
import sqlite3

import anyio
from fastapi import APIRouter, Depends

from deps import get_db_conn

router = APIRouter()


class JobRepo:
    def __init__(self, conn):
        self.conn = conn

    def count(self, state):
        return self.conn.execute("SELECT count(*) FROM jobs WHERE state = ?", (state,)).fetchone()[0]


@router.get("/jobs/count")
async def count_jobs(state: str, conn: sqlite3.Connection = Depends(get_db_conn)):
    repo = JobRepo(conn)
    return await anyio.to_thread.run_sync(lambda: repo.count(state))
