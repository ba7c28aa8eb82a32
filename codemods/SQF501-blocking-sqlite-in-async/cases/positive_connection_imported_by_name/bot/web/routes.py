"""FastAPI routes on the imported thread-shared connection: offloaded, its
statements move as one block under the project's write lock."""
from fastapi import FastAPI

from .store import shared

app = FastAPI()


@app.post("/visits/{page}")
async def visit(page: str):
    shared.execute("INSERT INTO visits (page) VALUES (?)", (page,))
    shared.commit()
    return {"ok": True}
