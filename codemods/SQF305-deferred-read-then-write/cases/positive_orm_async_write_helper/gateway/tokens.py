from fastapi import FastAPI
from sqlalchemy import select

from .db import db
from .models import Client, Token

app = FastAPI()


@app.post("/tokens/{client_id}")
async def issue(client_id: str):
    async with db.write_transaction() as session:
        client = await session.get(Client, client_id)
        client.issued += 1
        session.add(Token(client_id=client_id, serial=client.issued))
    return {"serial": client.issued}


@app.get("/tokens/{client_id}")
async def count(client_id: str):
    async with db.read_session() as session:
        rows = await session.scalars(select(Token).where(Token.client_id == client_id))
        return {"count": len(rows.all())}
