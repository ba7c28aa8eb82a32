"""A sync function starts a loop of its own, but that loop runs a websocket
server for many clients: the loop is shared by every client, and a sqlite3
query in the handler holds all of them up while the archiver thread writes."""

import asyncio
import sqlite3
import threading

import websockets


def history(room):
    conn = sqlite3.connect("chat.db")
    try:
        return conn.execute("SELECT body FROM messages WHERE room = ?", (room,)).fetchall()
    finally:
        conn.close()


def archive():
    conn = sqlite3.connect("chat.db")
    with conn:
        conn.execute("DELETE FROM messages WHERE ts < strftime('%s', 'now') - 86400")
    conn.close()


async def on_client(socket):
    room = await socket.recv()
    for (body,) in history(room):
        await socket.send(body)


async def serve_chat():
    async with websockets.serve(on_client, "0.0.0.0", 8765):
        await asyncio.Future()


def launch():
    threading.Thread(target=archive, daemon=True).start()
    asyncio.run(serve_chat())
