# Two connections opened once each, in the lifespan, on two different files:
# each file has exactly one connection, so the advice matters for neither
# (no finding). Were both on one file, they would contend.
from contextlib import asynccontextmanager

import aiosqlite
from fastapi import FastAPI

users = None
audit = None


@asynccontextmanager
async def lifespan(app):
    global users, audit
    users = await aiosqlite.connect("users.db")
    audit = await aiosqlite.connect("audit.db")
    yield
    await users.close()
    await audit.close()


app = FastAPI(lifespan=lifespan)


@app.post("/users")
async def add_user(name: str):
    await users.execute("INSERT INTO users (name) VALUES (?)", (name,))
    await users.commit()
    await audit.execute("INSERT INTO events (what) VALUES (?)", (f"added {name}",))
    await audit.commit()
    return {"ok": True}
