"""Saves a checkpoint of 60 fields and 40 pages; a trace callback counts the
write transactions (COMMITs) the two saves take."""
import json
import os
import sqlite3
import sys

sys.path.insert(0, sys.argv[1])
import checkpoints  # noqa: E402

work = sys.argv[2]
conn = sqlite3.connect(os.path.join(work, "pipeline.db"))
checkpoints.init(conn)
statements = []
conn.set_trace_callback(statements.append)
checkpoints.save_fields(conn, "doc-1", {f"field_{i}": {"n": i} for i in range(60)})
checkpoints.save_pages(conn, "doc-1", [{"number": n, "text": f" page {n} "} for n in range(40)])
conn.set_trace_callback(None)
commits = sum(1 for s in statements if s.strip().upper() == "COMMIT")
stored = {
    "fields": conn.execute("SELECT key, value FROM fields ORDER BY key").fetchall(),
    "pages": conn.execute("SELECT number, text FROM pages ORDER BY number").fetchall(),
}
conn.close()
print(json.dumps({
    "sequential": stored,
    "hazard": commits - 2,
    "detail": f"{commits} write transactions for 2 saves of 100 rows",
}))
