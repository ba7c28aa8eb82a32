"""The same store on a pool of four workers, each job opening its own
connection: `asyncio.gather` hands ten inserts to the pool at once, four
connections write the file at the same time, and 100 ms is how long each
waits for another's lock (reported)."""
import asyncio
import sqlite3
from concurrent.futures import ThreadPoolExecutor


class HistoryStore:
    def __init__(self, path):
        self._path = path
        self._db_executor = ThreadPoolExecutor(max_workers=4)

    def _insert(self, chat, body):
        conn = sqlite3.connect(self._path, timeout=0.1)
        try:
            conn.execute("INSERT INTO messages VALUES (?, ?)", (chat, body))
            conn.commit()
        finally:
            conn.close()

    async def insert(self, chat, body):
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._db_executor, self._insert, chat, body)


async def main():
    store = HistoryStore("history.db")
    await asyncio.gather(*(store.insert(1, str(i)) for i in range(10)))


if __name__ == "__main__":
    asyncio.run(main())
