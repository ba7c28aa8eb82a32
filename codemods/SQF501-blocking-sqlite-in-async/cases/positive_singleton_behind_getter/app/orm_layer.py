"""The scheduler's records behind a sync engine; the URL is a settings default."""
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from .models import Job
from .settings import DbSettings


class DbLayer:
    def __init__(self, settings: DbSettings) -> None:
        self._engine = create_engine(settings.url, echo=settings.echo)

    def get_job(self, job_id: str):
        with Session(self._engine) as session:
            return session.scalars(select(Job).where(Job.id == job_id)).first()

    def save(self, job) -> None:
        with Session(self._engine) as session:
            session.add(job)
            session.commit()


_DB = None


def db_layer() -> DbLayer:
    global _DB
    if _DB is None:
        _DB = DbLayer(DbSettings())
    return _DB
