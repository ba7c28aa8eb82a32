"""The recorder's fallback is an in-memory sink, and the SQLite store is only
reached through a thread: nothing in the coroutine blocks on the database."""

import asyncio
import sqlite3

from aiohttp import web


class MemorySink:
    def __init__(self):
        self.rows = []

    def append(self, key, body):
        self.rows.append((key, body))


class SqliteSink:
    def __init__(self, path):
        self.path = path

    def append(self, key, body):
        conn = sqlite3.connect(self.path)
        with conn:
            conn.execute("INSERT INTO rows (key, body) VALUES (?, ?)", (key, body))
        conn.close()


class Recorder:
    def __init__(self, key, sink=None):
        self.key = key
        self.sink = sink or MemorySink()
        self.archive = SqliteSink("archive.db")

    async def write(self, body):
        self.sink.append(self.key, body)
        await asyncio.to_thread(self.archive.append, self.key, body)


async def handle(request):
    await Recorder(request.match_info["key"]).write(await request.text())
    return web.Response(text="ok")


app = web.Application()
app.router.add_post("/r/{key}", handle)
