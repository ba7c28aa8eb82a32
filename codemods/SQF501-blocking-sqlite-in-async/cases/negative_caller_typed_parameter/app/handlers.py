import asyncio

from .audit import Audit
from .store import MemoryLog, Store


async def on_limit():
    # Every caller hands `Audit` an in-memory log: no database on the loop.
    Audit(MemoryLog()).log("rate limited")


def audit_to_disk(path):
    Audit(MemoryLog()).log("sync")


async def offloaded(path):
    # The database-backed one runs in a worker thread.
    await asyncio.to_thread(audit_to_disk, path)
