"""8 tasks save the same setting at once; each selects it, adds it when
missing, awaits 50 ms (`between`: the other tasks run), then commits."""
import asyncio
import json
import os
import sys

from sqlalchemy.exc import IntegrityError, OperationalError

sys.path.insert(0, sys.argv[1])
import prefs  # noqa: E402

work = sys.argv[2]


async def main():
    seq = prefs.make_engine(os.path.join(work, "seq.db"))
    await prefs.init(seq)
    for i in range(8):
        await prefs.save_pref(seq, 1, "theme", f"v{i}")
    sequential = len(await prefs.stored(seq, 1, "theme"))
    await seq.dispose()

    engine = prefs.make_engine(os.path.join(work, "load.db"))
    await prefs.init(engine)
    failed = []

    async def worker(i):
        try:
            await prefs.save_pref(engine, 1, "theme", f"v{i}", between=lambda: asyncio.sleep(0.05))
        except (IntegrityError, OperationalError) as e:
            failed.append(type(e).__name__)

    await asyncio.gather(*(worker(i) for i in range(8)))
    rows = len(await prefs.stored(engine, 1, "theme"))
    await engine.dispose()
    return {
        "sequential": sequential,
        "hazard": len(failed) + abs(rows - 1),
        "detail": f"of 8 saves of one setting {failed.count('IntegrityError')} failed on the unique pair, {failed.count('OperationalError')} got 'database is locked'; {rows} row(s) stored",
    }


print(json.dumps(asyncio.run(main())))
