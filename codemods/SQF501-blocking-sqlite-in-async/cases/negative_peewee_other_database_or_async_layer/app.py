from fastapi import FastAPI

from models import Note

app = FastAPI()


@app.get("/notes")
async def notes():
    return [n.text for n in Note.select()]
