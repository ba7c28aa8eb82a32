"""Entry point: the ASGI app a server loads by name (`uvicorn app.main:app`).
It keeps its tokens in the store the settings name, and counts visits in the
queue it imports under another name."""
import importlib

from fastapi import FastAPI

from app import settings
from app.stores import RedisTokenStore
from app.stores.queue import SQLiteVisitQueue as VisitQueue

app = FastAPI()
tokens = RedisTokenStore()
visits = VisitQueue("visits.db")
module, _, name = settings.CACHE_BACKEND.rpartition(".")
cache = getattr(importlib.import_module(module), name)("cache.db")


@app.post("/login")
def login(user: str):
    tokens.put(user)
    visits.push(user)
    cache.forget(user)
