from fastapi import FastAPI

from app import db

app = FastAPI()


@app.post("/documents")
async def upload(name: str):
    db.create_document(name)
    return {"ok": True}
