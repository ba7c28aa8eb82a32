"""A bot keeps its history in SQLite and runs every SQL call on one worker
thread of its own: a `ThreadPoolExecutor(max_workers=1)` the store makes and
hands each job to with `loop.run_in_executor`. One thread opens and uses the
file, one job after another: no second writer in the process, and no other
program opens the file, so the short timeout is never waited on."""
import asyncio
import sqlite3
from concurrent.futures import ThreadPoolExecutor


class HistoryStore:
    def __init__(self, path):
        self._path = path
        self._conn = None
        self._db_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="db")

    def _open(self):
        self._conn = sqlite3.connect(self._path, check_same_thread=False, timeout=0.1)
        self._conn.execute("CREATE TABLE IF NOT EXISTS messages (chat INTEGER, body TEXT)")

    def _insert(self, chat, body):
        self._conn.execute("INSERT INTO messages VALUES (?, ?)", (chat, body))
        self._conn.commit()

    def _recent(self, chat):
        return self._conn.execute("SELECT body FROM messages WHERE chat = ?", (chat,)).fetchall()

    async def open(self):
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._db_executor, self._open)

    async def insert(self, chat, body):
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._db_executor, self._insert, chat, body)

    async def recent(self, chat):
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._db_executor, self._recent, chat)


async def main():
    store = HistoryStore("history.db")
    await store.open()
    await asyncio.gather(*(store.insert(1, str(i)) for i in range(10)))
    print(await store.recent(1))


if __name__ == "__main__":
    asyncio.run(main())
