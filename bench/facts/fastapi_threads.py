"""F-fastapi-threads: FastAPI runs a sync `yield` dependency and the sync endpoint
that uses it on different threadpool threads, and sync background tasks on
another one after the response."""
import asyncio
import os
import sqlite3
import time

from _fact import Fact, need, scratch

fastapi = need("fastapi")
httpx = need("httpx")

fact = Fact(
    "F-fastapi-threads",
    "a sync yield dependency's connection is used by a sync endpoint on another thread",
)
db = os.path.join(scratch(), "t.db")
app = fastapi.FastAPI()
seen = {"errors": [], "background_errors": []}


def get_db():
    conn = sqlite3.connect(db)
    try:
        yield conn
    finally:
        try:
            conn.close()
        except sqlite3.ProgrammingError as error:
            seen["errors"].append(str(error))


@app.get("/rows")
def rows(conn=fastapi.Depends(get_db)):
    # A little work keeps the thread busy, as concurrent requests do.
    time.sleep(0.02)
    try:
        conn.execute("SELECT 1")
    except sqlite3.ProgrammingError as error:
        seen["errors"].append(str(error))
    return {}


def write_later(conn):
    time.sleep(0.02)
    try:
        conn.execute("SELECT 1")
    except sqlite3.ProgrammingError as error:
        seen["background_errors"].append(str(error))


@app.post("/later")
def later(tasks: fastapi.BackgroundTasks):
    conn = sqlite3.connect(db)
    time.sleep(0.02)
    tasks.add_task(write_later, conn)
    return {}


async def burst(method, url, n=20):
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        await asyncio.gather(*(client.request(method, url) for _ in range(n)))


# Twenty requests at once, as a server under load sees them.
asyncio.run(burst("GET", "/rows"))
crossed = seen["errors"]
fact.check(
    bool(crossed) and "thread" in crossed[0],
    f"20 concurrent requests raised {len(crossed)} times (query or close): {crossed[0] if crossed else 'none'}",
)
asyncio.run(burst("POST", "/later"))
later_errors = seen["background_errors"]
fact.check(
    bool(later_errors) and "thread" in later_errors[0],
    f"{len(later_errors)} of 20 background tasks raised: {later_errors[0] if later_errors else 'none'}",
)
fact.done()
