"""The status module keeps one connection; after a status update, an upload
handler (its own connection, as in the app) records a new document."""
import json
import os
import sqlite3
import sys

sys.path.insert(0, sys.argv[1])
os.environ["STATUS_DB"] = os.path.join(sys.argv[2], "status.db")
import status  # noqa: E402

status.add_document("d1")
status.set_status("d1", "processing")
sequential = status.get_status("d1")

locked = 0
other = sqlite3.connect(status.DB_PATH, timeout=0.2)
for n in range(3):
    try:
        other.execute("INSERT INTO documents (id, status) VALUES (?, 'queued')", (f"u{n}",))
        other.commit()
    except sqlite3.OperationalError as e:
        if "locked" not in str(e):
            raise
        locked += 1
        other.rollback()
print(json.dumps({
    "sequential": sequential,
    "hazard": locked,
    "detail": f"{locked} of 3 uploads got 'database is locked'",
}))
