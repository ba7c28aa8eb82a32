"""Locks that say nothing about threads, or a connection already allowed to
cross them: an `asyncio.Lock` (one event loop, one thread), and a threading
lock around a connection opened with check_same_thread=False."""
import asyncio
import sqlite3
import threading


class LoopStore:
    def __init__(self, path: str) -> None:
        self._lock = asyncio.Lock()
        self._conn = sqlite3.connect(path)

    async def add(self, value: str) -> None:
        async with self._lock:
            self._conn.execute("INSERT INTO t VALUES (?)", (value,))
            self._conn.commit()


class SharedStore:
    def __init__(self, path: str) -> None:
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(path, check_same_thread=False)

    def add(self, value: str) -> None:
        with self._lock:
            self._conn.execute("INSERT INTO t VALUES (?)", (value,))
            self._conn.commit()
