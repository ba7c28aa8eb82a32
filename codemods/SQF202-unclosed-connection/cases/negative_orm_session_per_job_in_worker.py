"""A unit of work offloaded to a worker thread that opens and closes its own
session there: nothing leaks, nothing crosses threads."""
import asyncio

from fastapi import FastAPI
from sqlalchemy import create_engine, text
from sqlalchemy.orm import sessionmaker

engine = create_engine("sqlite:///jobs.db")
SessionLocal = sessionmaker(bind=engine)
app = FastAPI()


def record(job_id: int) -> None:
    with SessionLocal() as db:
        db.execute(text("INSERT INTO done (job) VALUES (:j)"), {"j": job_id})
        db.commit()


@app.post("/jobs/{job_id}")
async def finish(job_id: int):
    await asyncio.to_thread(record, job_id)
    return {"ok": True}
