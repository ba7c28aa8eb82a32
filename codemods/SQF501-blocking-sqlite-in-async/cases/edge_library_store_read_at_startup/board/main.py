"""The store is built once at import and read once, at start-up, before the
server takes requests: nothing waits on the loop meanwhile (quiet)."""
from contextlib import asynccontextmanager

from fastapi import FastAPI

from agentkit.storage.sqlite import SqliteStore

settings_store = SqliteStore(db_file="board.db", table_name="settings")
SETTINGS = {}


def load_settings():
    SETTINGS.update(settings_store.read("board") or {})


@asynccontextmanager
async def lifespan(app):
    load_settings()
    yield


app = FastAPI(lifespan=lifespan)


@app.get("/title")
async def title():
    return {"title": SETTINGS.get("title", "Board")}
