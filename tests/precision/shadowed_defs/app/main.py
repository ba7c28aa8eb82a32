"""Entry point: the ASGI app a server loads by name (`uvicorn app.main:app`)."""
from fastapi import FastAPI

from app import counters, settings, store

app = FastAPI()


@app.post("/bump")
def bump():
    settings.load_config()
    store.bump()
    store.reset()
    store.archive()
    counters.Counter("app.db").bump()
