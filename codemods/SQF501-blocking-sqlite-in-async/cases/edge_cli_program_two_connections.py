"""A command-line program whose tasks use two connections to one file: one
task holds a write transaction across an await while another task's statement
waits on the loop for that lock (up to the 5 s busy timeout), and the holder
cannot resume meanwhile. Not a one-user program with nothing to wait for:
SQF501 stays reported."""

import argparse
import asyncio
import sqlite3


async def importer(path, rows):
    conn = sqlite3.connect(path)
    conn.execute("BEGIN")
    for row in rows:
        conn.execute("INSERT INTO items (name) VALUES (?)", (row,))
        await asyncio.sleep(0)
    conn.commit()
    conn.close()


async def reporter(path):
    conn = sqlite3.connect(path)
    for _ in range(3):
        conn.execute("INSERT INTO log (msg) VALUES ('tick')")
        conn.commit()
        await asyncio.sleep(0.1)
    conn.close()


async def main(args):
    await asyncio.gather(importer(args.db, args.rows), reporter(args.db))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("rows", nargs="*")
    asyncio.run(main(parser.parse_args()))
