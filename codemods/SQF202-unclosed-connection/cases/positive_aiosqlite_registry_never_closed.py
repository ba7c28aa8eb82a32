"""A command-line importer keeps one aiosqlite connection per database file
in a module-level dict, opened on first use and kept for the whole run.
Nothing closes them: each connection's worker thread is not a daemon thread,
so after `asyncio.run(main())` returns the process waits for those threads
forever and the command never ends."""

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
    conn = _BY_NAME.get(name)
    if conn is None:
        conn = await aiosqlite.connect(f"{name}.db")
        _BY_NAME.setdefault(name, conn)
    return conn


async def main(paths):
    for path in paths:
        db = await database(path)
        await db.execute("INSERT INTO imports (source) VALUES (?)", (path,))
        await db.commit()
    log = await named("log")
    await log.execute("INSERT INTO runs (files) VALUES (?)", (len(paths),))
    await log.commit()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
