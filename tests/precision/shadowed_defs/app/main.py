"""Entry point: the ASGI app a server loads by name (`uvicorn app.main:app`)."""
from fastapi import FastAPI

from app import counters, settings, store

app = FastAPI()
config = settings.load_config()


@app.post("/bump")
def bump():
    store.bump()
    store.reset()
    store.archive()
    counters.Counter("app.db").bump()
