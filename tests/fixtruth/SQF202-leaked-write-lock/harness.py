"""A rejected job raises mid-transaction; the error is kept for logging, as web
frameworks do with the traceback. Then other jobs are recorded."""
import json
import os
import sqlite3
import sys

sys.path.insert(0, sys.argv[1])
import jobs  # noqa: E402

work = sys.argv[2]
seq = os.path.join(work, "seq.db")
jobs.init(seq)
for name in ["a", "b", "c"]:
    jobs.record(seq, name)
sequential = jobs.names(seq)

db = os.path.join(work, "load.db")
jobs.init(db)
kept_errors = []
try:
    jobs.record(db, "bad-1")
except ValueError as e:
    kept_errors.append(e)  # the traceback keeps the function's frame alive
locked = 0
for name in ["d", "e", "f"]:
    try:
        jobs.record(db, name)
    except sqlite3.OperationalError as e:
        if "locked" in str(e):
            locked += 1
print(json.dumps({
    "sequential": sequential,
    "hazard": locked,
    "detail": f"{locked} of 3 later writes got 'database is locked'",
}))
