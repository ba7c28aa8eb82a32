"""A repository built with the factory as a constructor parameter (the module
never says what kind it is). Every query and commit is awaited, and the
sessions are entered with `async with` or closed with an awaited `close()`:
they are AsyncSessions, whose statements run on aiosqlite's worker thread. Not
reported."""
from sqlalchemy import delete, select

from models import Note


class NoteRepository:
    def __init__(self, session_factory):
        self._session_factory = session_factory

    async def find(self, title):
        async with self._session_factory() as session:
            return (await session.scalars(select(Note).where(Note.title == title))).first()

    async def create(self, title, body):
        async with self._session_factory() as session, session.begin():
            session.add(Note(title=title, body=body))

    async def remove(self, title):
        session = self._session_factory()
        try:
            await session.execute(delete(Note).where(Note.title == title))
            await session.commit()
        finally:
            await session.close()
