"""A sync repository, used only from `def` routes and a threadpool; an async
repository on an `AsyncSession`, awaited."""
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session


class NoteRepository:
    def __init__(self, db: Session):
        self.db = db

    def all(self):
        return self.db.execute(text("SELECT id, body FROM notes")).all()


class AsyncNoteRepository:
    def __init__(self, db: AsyncSession):
        self.db = db

    async def all(self):
        result = await self.db.execute(text("SELECT id, body FROM notes"))
        return result.all()
