"""A one-off start-up hook on SQLite (no periodic decorator: it runs before the
server serves, so nothing waits on the loop yet) is not reported; a sync route
using the maker runs in FastAPI's threadpool."""
from fastapi import FastAPI
from fastapi_restful.session import FastAPISessionMaker

from jobs.models import Job

local = FastAPISessionMaker("sqlite:///./jobs.db")
app = FastAPI()


@app.on_event("startup")
async def seed() -> None:
    with local.context_session() as db:
        db.add(Job())
        db.commit()


@app.post("/jobs")
def create_job():
    with local.context_session() as db:
        db.add(Job())
        db.commit()
