"""A periodic purge on the event loop through a helper library's session maker,
while threadpool routes write the same SQLite file."""
from fastapi import Depends, FastAPI
from fastapi_utils.session import FastAPISessionMaker
from fastapi_utils.tasks import repeat_every
from sqlalchemy.orm import Session

from jobs.models import Job

DATABASE_URL = "sqlite:///./jobs.db"
maker = FastAPISessionMaker(DATABASE_URL)
app = FastAPI()


def get_db():
    yield from maker.get_db()


@app.on_event("startup")
@repeat_every(seconds=30)
async def purge_finished() -> None:
    with maker.context_session() as db:
        for job in db.query(Job).filter(Job.done.is_(True)).all():
            db.delete(job)
        db.commit()


@app.post("/jobs")
def create_job(db: Session = Depends(get_db)):
    db.add(Job())
    db.commit()
