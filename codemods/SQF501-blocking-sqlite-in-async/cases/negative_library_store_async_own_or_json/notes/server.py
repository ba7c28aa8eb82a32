"""Three stores, none of them blocking the loop on SQLite:
- the framework's async SQLite store, whose methods are awaited;
- the project's own store, which keeps notes in a dict;
- the framework's file store, on a JSON file.
"""
from fastapi import FastAPI

from agentkit.storage import AsyncSqliteStore, FileStore
from notes.stores import NoteStore

app = FastAPI()
sessions = AsyncSqliteStore(db_file="tmp/sessions.db")
notes = NoteStore(db_path="notes.db")


def recent(key):
    return notes.read(key)


def preferences(user):
    prefs = FileStore(db_file="prefs.json")
    return prefs.read(user)


@app.get("/session/{sid}")
async def session(sid: str):
    return await sessions.read(sid)


@app.get("/note/{key}")
async def note(key: str):
    return {"note": recent(key), "prefs": preferences(key)}
