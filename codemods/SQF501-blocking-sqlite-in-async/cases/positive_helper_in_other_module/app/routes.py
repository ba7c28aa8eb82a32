from fastapi import FastAPI

from . import db
from .db import record

app = FastAPI()


@app.post("/documents/{doc_id}/status")
async def set_status(doc_id: int, status: str):
    record(doc_id, status)
    row = db.load_status(doc_id)
    return {"status": row[0], "title": db.load_status(doc_id)[0].title()}
