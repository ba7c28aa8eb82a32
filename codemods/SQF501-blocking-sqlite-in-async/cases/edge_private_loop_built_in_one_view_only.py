"""One view builds the coroutine before running it on a loop of its own
(private there); another function names it for a later, unknown loop (a
callback list). That second read is outside any private loop, so the
coroutine is not private and its sqlite3 write is reported."""

import asyncio
import sqlite3

CALLBACKS = []


def log_visit(page):
    conn = sqlite3.connect("visits.db")
    with conn:
        conn.execute("INSERT INTO visits (page) VALUES (?)", (page,))
    conn.close()


async def track(page):
    log_visit(page)


def page_view(page):
    job = track(page)
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(job)
    finally:
        loop.close()


def register():
    CALLBACKS.append(track)
