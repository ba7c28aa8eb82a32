"""While another thread holds the write lock for 0.6 s, the event loop runs a
heartbeat every 10 ms and awaits one upload handler."""
import asyncio
import json
import os
import sqlite3
import sys
import threading
import time

sys.path.insert(0, sys.argv[1])
import handlers  # noqa: E402

work = sys.argv[2]
seq = os.path.join(work, "seq.db")
handlers.init(seq)


async def sequential_run():
    return [await handlers.upload(seq, n) for n in ["a", "b"]]


sequential = asyncio.run(sequential_run())

db = os.path.join(work, "load.db")
handlers.init(db)
locked = threading.Event()


def hold_lock():
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    locked.set()
    time.sleep(0.6)
    conn.execute("COMMIT")
    conn.close()


async def main():
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
    await handlers.upload(db, "c")
    stop.set()
    await beat
    holder.join()
    return worst


worst = asyncio.run(main())
print(json.dumps({
    "sequential": sequential,
    "hazard": 1 if worst > 0.2 else 0,
    "detail": f"longest event-loop stall {worst * 1000:.0f} ms",
}))
