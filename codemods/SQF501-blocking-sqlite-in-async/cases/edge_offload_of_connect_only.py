"""Offloading only the call that opens a connection moves nothing useful: the
queries stay on the event loop, and the connection now belongs to a worker
thread (ProgrammingError on the loop with the default check_same_thread). An
await between the "is it open yet?" check and the assignment also lets
concurrent first calls each open one. No such fix is offered, and an offload
someone already wrote that way does not hide the queries left on the loop."""

import asyncio
import sqlite3

DB_PATH = "app.db"


def get_connection():
    return sqlite3.connect(DB_PATH)


class Store:
    def __init__(self):
        self._conn = None

    def connect(self):
        return sqlite3.connect(DB_PATH, check_same_thread=False)

    async def connection(self):
        if self._conn is None:
            self._conn = self.connect()
        return self._conn


async def document_status(doc_id):
    conn = await asyncio.to_thread(get_connection)
    row = conn.execute("SELECT status FROM documents WHERE id = ?", (doc_id,)).fetchone()
    conn.close()
    return row
