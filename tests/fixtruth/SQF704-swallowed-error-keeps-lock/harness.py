"""A document is re-run through a stage it already passed (a retry after a crash):
recording it fails on its second statement and the worker loop carries on. Then an
upload handler (its own connection) writes."""
import json
import logging
import os
import sqlite3
import sys

logging.disable(logging.WARNING)
sys.path.insert(0, sys.argv[1])
os.environ["STAGES_DB"] = os.path.join(sys.argv[2], "stages.db")
import stages  # noqa: E402

stages.add("a")
stages.run("a", ["parse", "ocr"])
sequential = stages.log_rows()

stages.add("b")
stages.run("b", ["parse", "parse"])  # the retry fails half-way
locked = 0
other = sqlite3.connect(stages.DB_PATH, timeout=0.2)
for n in range(3):
    try:
        other.execute("INSERT INTO documents (id, stage) VALUES (?, 'new')", (f"u{n}",))
        other.commit()
    except sqlite3.OperationalError as e:
        if "locked" not in str(e):
            raise
        locked += 1
print(json.dumps({
    "sequential": sequential,
    "hazard": locked,
    "detail": f"{locked} of 3 uploads after the swallowed error got 'database is locked'",
}))
