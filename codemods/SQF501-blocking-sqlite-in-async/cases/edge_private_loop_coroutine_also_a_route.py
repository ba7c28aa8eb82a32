"""The same coroutine runs on a private loop in a sync job and is also an
aiohttp handler's helper: on the server's shared loop its sqlite3 query holds
up every other request while the job thread writes, so it stays reported."""

import asyncio
import sqlite3
import threading

from aiohttp import web


def lookup(key):
    conn = sqlite3.connect("kv.db")
    try:
        return conn.execute("SELECT value FROM kv WHERE key = ?", (key,)).fetchone()
    finally:
        conn.close()


def store(key, value):
    conn = sqlite3.connect("kv.db")
    with conn:
        conn.execute("INSERT OR REPLACE INTO kv (key, value) VALUES (?, ?)", (key, value))
    conn.close()


async def resolve(key):
    await asyncio.sleep(0)
    return lookup(key)


def nightly(keys):
    for key in keys:
        store(key, asyncio.run(resolve(key)))


async def handle(request):
    return web.json_response(await resolve(request.match_info["key"]))


app = web.Application()
app.router.add_get("/kv/{key}", handle)
threading.Thread(target=nightly, args=(["a", "b"],), daemon=True).start()
