"""A Litestar app whose database is set up by the advanced-alchemy plugin."""
from advanced_alchemy.extensions.litestar import (
    AsyncSessionConfig,
    SQLAlchemyAsyncConfig,
    SQLAlchemyPlugin,
)
from litestar import Litestar, get, post
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Note

db_config = SQLAlchemyAsyncConfig(
    connection_string="sqlite+aiosqlite:///notes.db",
    session_config=AsyncSessionConfig(expire_on_commit=False),
    create_all=True,
)


@post("/notes")
async def add_note(data: dict, db_session: AsyncSession) -> dict:
    db_session.add(Note(text=data["text"]))
    await db_session.commit()
    return data


@get("/notes")
async def list_notes(db_session: AsyncSession) -> list[str]:
    rows = await db_session.scalars(select(Note))
    return [n.text for n in rows]


app = Litestar(
    route_handlers=[add_note, list_notes],
    plugins=[SQLAlchemyPlugin(config=db_config)],
)
