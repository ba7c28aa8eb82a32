"""5 stage writes through aiosqlite, one at a time, while a report holds a read
transaction 2 s. One at a time keeps writers from waiting on each other, so only the
reader can make them fail: deterministic on a loaded machine."""
import asyncio
import json
import os
import sqlite3
import sys
import threading

sys.path.insert(0, sys.argv[1])
import repo  # noqa: E402

work = sys.argv[2]


async def main():
    seq = os.path.join(work, "seq.db")
    await repo.init(seq)
    for d in range(5):
        await repo.record_stage(seq, f"doc{d}", "ocr")
    sequential = [list(r) for r in await repo.stages(seq)]

    db = os.path.join(work, "load.db")
    await repo.init(db)
    reading = threading.Event()

    def report():
        conn = sqlite3.connect(db, isolation_level=None)
        conn.execute("BEGIN")
        conn.execute("SELECT count(*) FROM stages").fetchone()
        reading.set()
        threading.Event().wait(2.0)
        conn.execute("COMMIT")
        conn.close()

    reader = threading.Thread(target=report)
    reader.start()
    await asyncio.to_thread(reading.wait)
    results = []
    for d in range(5):
        try:
            results.append(await repo.record_stage(db, f"doc{d}", "ocr"))
        except sqlite3.OperationalError as e:
            results.append(e)
    reader.join(timeout=30)
    locked = [r for r in results if isinstance(r, sqlite3.OperationalError)]
    mode = sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0]
    return sequential, len(locked), mode


sequential, locked, mode = asyncio.run(main())
print(json.dumps({
    "sequential": sequential,
    "hazard": locked,
    "detail": f"journal_mode={mode}; {locked} of 5 aiosqlite writes got 'database is locked' behind a 2 s read",
}))
