"""Handlers that keep the writers in check: one puts records on a queue that a
single consumer drains through one connection (storage's consumer, not shown);
one starts a task per record but every task waits on a small semaphore first,
and the database runs in WAL with a long busy timeout; one writes to a file."""

import asyncio
import logging

import aiosqlite

from .storage import DB_PATH

_slots = asyncio.Semaphore(2)


class QueuedLogHandler(logging.Handler):
    def __init__(self, queue):
        super().__init__()
        self.queue = queue

    def emit(self, record):
        self.queue.put_nowait((record.levelname, self.format(record), record.created))


async def save_bounded(level, message, created):
    async with _slots:
        async with aiosqlite.connect(DB_PATH, timeout=30) as db:
            await db.execute("PRAGMA journal_mode=WAL")
            await db.execute(
                "INSERT INTO log_rows (level, message, created) VALUES (?, ?, ?)",
                (level, message, created),
            )
            await db.commit()


class BoundedLogHandler(logging.Handler):
    def emit(self, record):
        asyncio.get_event_loop().create_task(
            save_bounded(record.levelname, record.getMessage(), record.created)
        )


class FileLogHandler(logging.Handler):
    """Writes to a file, not SQLite: a task per record is only file appends."""

    def emit(self, record):
        asyncio.get_event_loop().create_task(append_line(self.format(record)))


async def append_line(text):
    with open("app.log", "a", encoding="utf-8") as f:
        f.write(text + "\n")
