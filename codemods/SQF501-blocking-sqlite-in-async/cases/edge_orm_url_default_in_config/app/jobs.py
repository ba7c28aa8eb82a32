"""A use case that opens its own session from the module's factory: likely
SQLite (the URL's default names a SQLite file), reported with that said."""
from sqlalchemy import text

from .db import SessionLocal


class JobQueue:
    def enqueue(self, name: str) -> None:
        with SessionLocal() as session:
            session.execute(text("INSERT INTO jobs (name) VALUES (:n)"), {"n": name})
            session.commit()


async def submit(queue: JobQueue, name: str) -> None:
    queue.enqueue(name)
