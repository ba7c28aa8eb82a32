from fastapi import FastAPI

import handlers
from database import Database, Memo

app = FastAPI()
db = Database("kv.db")
memo = Memo()


@app.get("/a/{key}")
async def a(key: str):
    return await handlers.count(db, key)


@app.get("/b/{key}")
async def b(key: str):
    return await handlers.count(memo, key)


@app.get("/c/{key}")
async def c(key: str):
    return await handlers.count_db(db, key)
