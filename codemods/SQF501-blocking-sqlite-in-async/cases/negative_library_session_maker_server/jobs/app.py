"""A periodic purge through a helper library's session maker on a server
database: not SQLite, not this tool's to report."""
from fastapi import FastAPI
from fastapi_restful.session import FastAPISessionMaker
from fastapi_restful.tasks import repeat_every

from jobs.models import Job

reports = FastAPISessionMaker("postgresql://jobs@db/jobs")
app = FastAPI()


@app.on_event("startup")
@repeat_every(seconds=60)
async def purge_reports() -> None:
    with reports.context_session() as db:
        db.query(Job).delete()
        db.commit()


@app.post("/jobs")
def create_job():
    with reports.context_session() as db:
        db.add(Job())
        db.commit()
