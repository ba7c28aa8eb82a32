"""Entry point: the ASGI app a server loads by name (`uvicorn app.main:app`)."""
from fastapi import FastAPI

from app import store

app = FastAPI()


@app.post("/bump")
def bump():
    store.bump()
