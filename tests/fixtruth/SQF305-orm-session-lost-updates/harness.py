"""8 threads mark pages done at once; each loads the counter, lets the others run
for 50 ms (`between`), then stores it plus one through its own Session."""
import json
import os
import sys
import threading
import time

from sqlalchemy.exc import OperationalError

sys.path.insert(0, sys.argv[1])
import ledger  # noqa: E402

work = sys.argv[2]

seq = ledger.make_engine(os.path.join(work, "seq.db"))
ledger.init(seq)
for _ in range(8):
    ledger.mark_page_done(seq, "report.pdf")
sequential = ledger.progress(seq, "report.pdf")
seq.dispose()

engine = ledger.make_engine(os.path.join(work, "load.db"))
ledger.init(engine)
start = threading.Barrier(8)
locked = []


def worker():
    start.wait(timeout=10)
    try:
        ledger.mark_page_done(engine, "report.pdf", between=lambda: time.sleep(0.05))
    except OperationalError as e:
        locked.append(str(e.orig))


threads = [threading.Thread(target=worker) for _ in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join(timeout=60)
done = ledger.progress(engine, "report.pdf")
engine.dispose()
lost = 8 - len(locked) - done
print(json.dumps({
    "sequential": sequential,
    "hazard": lost + len(locked),
    "detail": f"of 8 read-then-write sessions {lost} lost their update, {len(locked)} got 'database is locked'",
}))
