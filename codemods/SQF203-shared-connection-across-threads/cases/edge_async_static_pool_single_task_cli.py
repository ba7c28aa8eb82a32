"""A command-line export that awaits one coroutine at a time: the shared pool
connection has only one task to serve, so no transaction is shared. Not reported;
the same engine under a server or gather would be."""
import argparse
import asyncio

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import StaticPool


async def export(path):
    engine = create_async_engine(f"sqlite+aiosqlite:///{path}", poolclass=StaticPool)
    async with engine.begin() as conn:
        rows = await conn.execute(text("SELECT id, name FROM people"))
        for row in rows:
            print(row.id, row.name)
    await engine.dispose()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    asyncio.run(export(parser.parse_args().db))


if __name__ == "__main__":
    main()
