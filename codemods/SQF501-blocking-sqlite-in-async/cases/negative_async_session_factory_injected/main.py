from fastapi import FastAPI

from container import Container
from models import Base

app = FastAPI()
container = Container("data/notes.db")
Base.metadata.create_all(container.database.sync_engine)


@app.get("/notes/{title}")
async def read_note(title: str):
    return await container.notes.find(title)


@app.post("/notes/{title}")
async def write_note(title: str, body: str):
    await container.notes.create(title, body)


@app.delete("/notes/{title}")
async def drop_note(title: str):
    await container.notes.remove(title)
