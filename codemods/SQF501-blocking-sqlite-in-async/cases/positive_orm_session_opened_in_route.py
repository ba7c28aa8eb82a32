"""Async routes that open a sync session themselves on a SQLite engine: the
session's queries and commit run on the event loop. A route that never awaits
becomes a plain `def`; one that awaits first has its session block moved into a
worker thread."""
from fastapi import FastAPI, Request
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

engine = create_engine("sqlite:///jobs.db")
app = FastAPI()


@app.post("/jobs")
async def add_job(name: str):
    with Session(engine) as session:
        session.execute(text("INSERT INTO jobs (name) VALUES (:n)"), {"n": name})
        session.commit()
    return {"ok": True}


@app.post("/jobs/upload")
async def upload_job(request: Request):
    body = await request.body()
    with Session(engine) as session:
        session.execute(text("INSERT INTO jobs (name) VALUES (:n)"), {"n": body.decode()})
        session.commit()
    return {"ok": True}
