"""A coroutine with two execution modes: without an executor (configured, for
tests and small deployments) it runs the function on the loop; otherwise on a
thread. The blocking branch is the user's choice."""

import asyncio
import sqlite3


class Database:
    def __init__(self, path, executor=None):
        self.path = path
        self.executor = executor
        self._conn = None

    async def execute_fn(self, fn):
        if self.executor is None:
            if self._conn is None:
                self._conn = sqlite3.connect(self.path)
            return fn(self._conn)

        def in_thread():
            conn = sqlite3.connect(self.path)
            try:
                return fn(conn)
            finally:
                conn.close()

        return await asyncio.get_running_loop().run_in_executor(self.executor, in_thread)
