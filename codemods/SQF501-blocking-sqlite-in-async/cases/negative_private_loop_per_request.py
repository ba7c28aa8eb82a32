"""A sync Flask view makes a loop of its own for each request to fetch a few
prices at once, and the coroutines read a SQLite cache with sqlite3. That
loop belongs to this one request: blocking it delays only the request's own
fetches. The server's other requests run on their own threads, not on it."""

import asyncio
import sqlite3

import aiohttp
from flask import Flask, jsonify

app = Flask(__name__)


def cached(symbol):
    conn = sqlite3.connect("prices.db")
    try:
        row = conn.execute("SELECT price FROM cache WHERE symbol = ?", (symbol,)).fetchone()
        return row[0] if row else None
    finally:
        conn.close()


def remember(symbol, price):
    conn = sqlite3.connect("prices.db")
    with conn:
        conn.execute("INSERT OR REPLACE INTO cache (symbol, price) VALUES (?, ?)", (symbol, price))
    conn.close()


async def price_of(session, symbol):
    known = cached(symbol)
    if known is not None:
        return known
    async with session.get(f"https://quotes.example/{symbol}") as response:
        price = (await response.json())["price"]
    remember(symbol, price)
    return price


async def prices_of(symbols):
    async with aiohttp.ClientSession() as session:
        return await asyncio.gather(*[price_of(session, s) for s in symbols])


@app.get("/prices/<path:symbols>")
def prices(symbols):
    return jsonify(asyncio.run(prices_of(symbols.split(","))))


@app.get("/legacy/<path:symbols>")
def legacy_prices(symbols):
    loop = asyncio.new_event_loop()
    try:
        return jsonify(loop.run_until_complete(prices_of(symbols.split(","))))
    finally:
        loop.close()
