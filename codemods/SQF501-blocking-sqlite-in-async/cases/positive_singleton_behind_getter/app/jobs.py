"""A scheduler's async job methods using the ORM layer through its getter."""
from .orm_layer import db_layer


class Reminders:
    async def due(self, job_id: str):
        return db_layer().get_job(job_id)

    async def reschedule(self, job) -> None:
        job.state = "scheduled"
        db_layer().save(job)
