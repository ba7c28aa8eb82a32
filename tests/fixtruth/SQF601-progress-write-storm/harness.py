"""Processes a 300-page document and counts its progress writes (a trace callback
on the connection). A throttled writer may write once, then once per 0.5 s, then
the final state: any write beyond that budget is a hazard."""
import json
import os
import sqlite3
import sys
import time

sys.path.insert(0, sys.argv[1])
import pipeline  # noqa: E402

work = sys.argv[2]
db = os.path.join(work, "pipeline.db")
pipeline.init(db, "doc-1")
conn = sqlite3.connect(db)
updates = []
conn.set_trace_callback(lambda sql: updates.append(sql) if sql.lstrip().upper().startswith("UPDATE") else None)
start = time.monotonic()
result = pipeline.process(conn, "doc-1", [f"page {n}" for n in range(300)])
elapsed = time.monotonic() - start
conn.set_trace_callback(None)
final = conn.execute("SELECT pages_done, status FROM documents WHERE id = 'doc-1'").fetchone()
conn.close()
budget = 2 + int(elapsed / 0.5)
print(json.dumps({
    "sequential": {"result": result, "final": final},
    "hazard": max(0, len(updates) - budget),
    "detail": f"{len(updates)} progress writes in {elapsed:.2f} s (budget {budget})",
}))
