import sqlite3

import aiosqlite

from .contracts import events

DB = "events.sqlite3"


class SqliteSink(events.EventSink):
    async def record(self, level: str, text: str) -> None:
        db = await aiosqlite.connect(DB)
        try:
            await db.execute("INSERT INTO events (level, text) VALUES (?, ?)", (level, text))
            await db.commit()
        finally:
            await db.close()


def prepare():
    conn = sqlite3.connect(DB)
    conn.execute("CREATE TABLE IF NOT EXISTS events (level TEXT, text TEXT)")
    conn.close()
