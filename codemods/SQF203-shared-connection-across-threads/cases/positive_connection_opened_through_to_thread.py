"""A poller opens its connection through the worker pool and keeps using it
through later pool calls (a repository built on it, and the close): each call
may land on another worker thread than the opener's, and with the default
check_same_thread those raise ProgrammingError."""
import sqlite3

import anyio


def open_db(path):
    conn = sqlite3.connect(path, timeout=5)
    conn.execute("PRAGMA journal_mode=WAL")
    return conn


class Queue:
    def __init__(self, conn):
        self.conn = conn

    def next_item(self):
        return self.conn.execute("SELECT id FROM items WHERE done = 0 LIMIT 1").fetchone()

    def mark_done(self, item_id):
        with self.conn:
            self.conn.execute("UPDATE items SET done = 1 WHERE id = ?", (item_id,))


async def poll(path):
    conn = await anyio.to_thread.run_sync(open_db, path)
    queue = Queue(conn)
    try:
        while True:
            item = await anyio.to_thread.run_sync(queue.next_item)
            if item is None:
                await anyio.sleep(1)
                continue
            await anyio.to_thread.run_sync(queue.mark_done, item[0])
    finally:
        await anyio.to_thread.run_sync(conn.close)


if __name__ == "__main__":
    anyio.run(poll, "queue.db")
