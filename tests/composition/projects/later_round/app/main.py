import threading  # the app also runs worker threads: a second party on the file

from fastapi import FastAPI

from app import db

app = FastAPI()


@app.post("/documents")
async def upload(name: str):
    db.create_document(name)
    return {"ok": True}
