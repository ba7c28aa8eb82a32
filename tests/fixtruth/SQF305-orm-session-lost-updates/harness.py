"""8 tasks mark pages done at once; each loads the counter, awaits 50 ms
(`between`: the other tasks run), then stores it plus one in its own session."""
import asyncio
import json
import os
import sys

from sqlalchemy.exc import OperationalError

sys.path.insert(0, sys.argv[1])
import ledger  # noqa: E402

work = sys.argv[2]


async def main():
    seq = ledger.make_engine(os.path.join(work, "seq.db"))
    await ledger.init(seq)
    for _ in range(8):
        await ledger.mark_page_done(seq, "report.pdf")
    sequential = await ledger.progress(seq, "report.pdf")
    await seq.dispose()

    engine = ledger.make_engine(os.path.join(work, "load.db"))
    await ledger.init(engine)
    locked = []

    async def worker():
        try:
            await ledger.mark_page_done(engine, "report.pdf", between=lambda: asyncio.sleep(0.05))
        except OperationalError as e:
            locked.append(str(e.orig))

    await asyncio.gather(*(worker() for _ in range(8)))
    done = await ledger.progress(engine, "report.pdf")
    await engine.dispose()
    lost = 8 - len(locked) - done
    return {
        "sequential": sequential,
        "hazard": lost + len(locked),
        "detail": f"of 8 read-then-write sessions {lost} lost their update, {len(locked)} got 'database is locked'",
    }


print(json.dumps(asyncio.run(main())))
