"""A rejected job raises after its INSERT; the error is kept for logging, as web
frameworks keep the traceback. Then three other jobs are recorded."""
import asyncio
import json
import os
import sqlite3
import sys

sys.path.insert(0, sys.argv[1])
import jobs  # noqa: E402

work = sys.argv[2]


async def main():
    seq = os.path.join(work, "seq.db")
    await jobs.init(seq)
    for name in ["a", "b", "c"]:
        await jobs.record(seq, name)
    sequential = await jobs.names(seq)

    db = os.path.join(work, "load.db")
    await jobs.init(db)
    kept_errors = []
    try:
        await jobs.record(db, "bad-1")
    except ValueError as e:
        kept_errors.append(e)  # the traceback keeps the coroutine's frame alive
    locked = 0
    for name in ["d", "e", "f"]:
        try:
            await jobs.record(db, name)
        except sqlite3.OperationalError as e:
            if "locked" in str(e):
                locked += 1
    return sequential, locked


sequential, locked = asyncio.run(main())
print(json.dumps({
    "sequential": sequential,
    "hazard": locked,
    "detail": f"{locked} of 3 later writes got 'database is locked'",
}), flush=True)
# Leaked aiosqlite connections keep non-daemon worker threads: do not wait for them.
os._exit(0)
