"""A command-line program (argparse, `asyncio.run`) that starts a TCP server:
its loop serves every connected client, so a blocking statement on it makes
all of them wait. Reported, naming the clients that wait."""

import argparse
import asyncio
import sqlite3

conn = sqlite3.connect("kv.db")


async def handle(reader, writer):
    key = (await reader.readline()).decode().strip()
    row = conn.execute("SELECT value FROM kv WHERE key = ?", (key,)).fetchone()
    writer.write((row[0] if row else "").encode() + b"\n")
    await writer.drain()
    writer.close()


async def main(port):
    server = await asyncio.start_server(handle, "127.0.0.1", port)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=7070)
    asyncio.run(main(parser.parse_args().port))
