"""The importer with a teardown: the run's `finally` closes every kept
connection, so their worker threads end and the process exits; the second
registry is swept by a shutdown hook registered for the app."""

import asyncio
import sys

import aiosqlite

_OPEN: dict[str, aiosqlite.Connection] = {}
_BY_NAME = {}


async def database(path):
    if path not in _OPEN:
        _OPEN[path] = await aiosqlite.connect(path)
    return _OPEN[path]


async def named(name):
    if name not in _BY_NAME:
        _BY_NAME[name] = await aiosqlite.connect(f"{name}.db")
    return _BY_NAME[name]


async def close_named():
    for conn in _BY_NAME.values():
        await conn.close()
    _BY_NAME.clear()


async def main(paths):
    try:
        for path in paths:
            db = await database(path)
            await db.execute("INSERT INTO imports (source) VALUES (?)", (path,))
            await db.commit()
        log = await named("log")
        await log.execute("INSERT INTO runs (files) VALUES (?)", (len(paths),))
        await log.commit()
    finally:
        for conn in _OPEN.values():
            await conn.close()
        await close_named()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
