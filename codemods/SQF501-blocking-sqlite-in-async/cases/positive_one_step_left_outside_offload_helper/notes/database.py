"""Every database step runs on one dedicated thread, one at a time."""
import asyncio
from concurrent.futures import ThreadPoolExecutor

from .storage import SqlTables


class Database:
    def __init__(self, path):
        self.sql = SqlTables(path)
        self._turn = asyncio.Lock()
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="db")

    async def in_db_thread(self, fn, *args):
        async with self._turn:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._thread, fn, *args)
