"""A sync page view builds one coroutine per feed first, then runs them on a
loop it makes for this page visit and closes after. The sqlite3 cache reads
in the coroutines block only that loop, which serves nothing but this visit's
own fetches: no other user waits on it."""

import asyncio
import sqlite3

import aiohttp
from flask import Flask, render_template

app = Flask(__name__)


def cached_title(url):
    conn = sqlite3.connect("feeds.db")
    try:
        row = conn.execute("SELECT title FROM feeds WHERE url = ?", (url,)).fetchone()
        return row[0] if row else None
    finally:
        conn.close()


async def feed_title(session, url):
    known = cached_title(url)
    if known:
        return known
    async with session.get(url) as response:
        return (await response.text())[:80]


async def titles(urls):
    async with aiohttp.ClientSession() as session:
        jobs = [feed_title(session, u) for u in urls]
        return await asyncio.gather(*jobs)


@app.get("/dashboard")
def dashboard():
    urls = ["https://a.example/rss", "https://b.example/rss"]
    pending = titles(urls)
    loop = asyncio.new_event_loop()
    try:
        result = loop.run_until_complete(pending)
    finally:
        loop.close()
    return render_template("dashboard.html", titles=result)
