"""The repository's factory comes in through its constructor, and its
coroutines use the sessions without awaiting: every query and commit runs on
the event loop. Reported, in both spellings (`with` and a local closed in
`finally`)."""
from sqlalchemy import text


class TaskRepository:
    def __init__(self, session_factory):
        self._session_factory = session_factory

    async def pending(self):
        with self._session_factory() as session:
            return session.execute(text("SELECT id FROM tasks WHERE done = 0")).all()

    async def finish(self, task_id):
        session = self._session_factory()
        try:
            session.execute(text("UPDATE tasks SET done = 1 WHERE id = :i"), {"i": task_id})
            session.commit()
        finally:
            session.close()
