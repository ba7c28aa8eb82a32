"""A retry helper that is a coroutine but calls the operation it is given
inline: every closure, bound method and lambda its callers pass runs its
sqlite3 work on the event loop, and the `await asyncio.sleep` between attempts
is the only moment the loop is free. The call is the hazard, whatever the
callers' names; the fix runs the callable in a worker thread (unsafe: the
callables' connection must allow other threads)."""

import asyncio
import functools
import sqlite3


class Notes:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)

    async def _with_retry(self, operation, attempts=3):
        for attempt in range(attempts):
            try:
                return operation()
            except sqlite3.OperationalError:
                await asyncio.sleep(0.1 * (attempt + 1))
        raise RuntimeError("database stayed locked")

    def _count(self):
        return self.conn.execute("SELECT count(*) FROM notes").fetchone()[0]

    async def add(self, text):
        def insert():
            self.conn.execute("INSERT INTO notes(text) VALUES (?)", (text,))

        await self._with_retry(insert)
        await self._with_retry(self.conn.commit)

    async def count(self):
        return await self._with_retry(self._count)

    async def delete(self, note_id):
        await self._with_retry(
            lambda: self.conn.execute("DELETE FROM notes WHERE id = ?", (note_id,))
        )


def _archive(path, note_id):
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE notes SET archived = 1 WHERE id = ?", (note_id,))
    conn.close()


async def call_later(callback, *args):
    await asyncio.sleep(0)
    callback(*args)


async def archive(path, note_id):
    await call_later(functools.partial(_archive, path, note_id))
