"""8 threads mark pages done at once; each reads the counter, waits 0.1 s, writes it."""
import json
import os
import sys
import threading

from sqlalchemy.exc import OperationalError

sys.path.insert(0, sys.argv[1])
import counters  # noqa: E402

work = sys.argv[2]

seq = counters.make_engine(os.path.join(work, "seq.db"))
counters.init(seq)
for _ in range(8):
    counters.mark_page_done(seq, "report.pdf")
sequential = counters.progress(seq, "report.pdf")
seq.dispose()

engine = counters.make_engine(os.path.join(work, "load.db"))
counters.init(engine)
start = threading.Barrier(8)
locked = []


def worker():
    start.wait(timeout=10)
    try:
        counters.mark_page_done(engine, "report.pdf", think_seconds=0.1)
    except OperationalError as e:
        locked.append(str(e.orig))


threads = [threading.Thread(target=worker) for _ in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join(timeout=30)
done = counters.progress(engine, "report.pdf")
with engine.connect() as conn:
    mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
engine.dispose()
# sqlite3's implicit BEGIN comes only before the UPDATE, so every thread can read
# the same value: updates are lost instead of (or as well as) failing.
lost = 8 - len(locked) - done
print(json.dumps({
    "sequential": sequential,
    "hazard": lost + len(locked),
    "detail": f"journal_mode={mode}; of 8 read-then-write transactions {lost} lost their update, {len(locked)} got 'database is locked'",
}))
