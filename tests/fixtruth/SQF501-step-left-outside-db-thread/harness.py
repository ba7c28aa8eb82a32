"""While another connection holds the write lock for 0.6 s, the event loop runs a
heartbeat every 10 ms and applies one batch. Counted: a loop stall over 200 ms."""
import asyncio
import json
import os
import sqlite3
import sys
import threading
import time

sys.path.insert(0, sys.argv[1])
from notes.sync import NoteSync  # noqa: E402

work = sys.argv[2]


async def sequential_run():
    sync = NoteSync(os.path.join(work, "seq.db"))
    await sync.apply(1, "a", [])
    await sync.apply(2, "b", [])
    return await sync.apply(3, "c", [1])


sequential = asyncio.run(sequential_run())

db = os.path.join(work, "load.db")
locked = threading.Event()


def hold_lock():
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    locked.set()
    time.sleep(0.6)
    conn.execute("COMMIT")
    conn.close()


async def main():
    sync = NoteSync(db)
    await sync.apply(1, "a", [])
    await sync.apply(2, "b", [])
    worst = 0.0
    stop = asyncio.Event()

    async def heartbeat():
        nonlocal worst
        loop = asyncio.get_running_loop()
        while not stop.is_set():
            start = loop.time()
            await asyncio.sleep(0.01)
            worst = max(worst, loop.time() - start - 0.01)

    beat = asyncio.create_task(heartbeat())
    holder = threading.Thread(target=hold_lock)
    holder.start()
    await asyncio.to_thread(locked.wait)
    await asyncio.sleep(0.05)
    ids = await sync.apply(3, "c", [1])
    stop.set()
    await beat
    holder.join()
    return ids, worst


ids, worst = asyncio.run(main())
print(json.dumps({
    "sequential": sequential,
    "hazard": 1 if worst > 0.2 else 0,
    "detail": f"longest event-loop stall {worst * 1000:.0f} ms; ids {ids}",
}))
