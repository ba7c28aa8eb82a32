"""Runs the program's coroutines with every sqlite3 statement traced: which
thread runs it. The loop's own thread running a statement is SQF505's cost
(the loop does nothing else meanwhile); after the fix none should."""
import asyncio
import json
import os
import sqlite3
import sys
import threading
import time

sys.path.insert(0, sys.argv[1])
work = sys.argv[2]

on_loop = []
real_connect = sqlite3.connect


def traced_connect(*args, **kwargs):
    conn = real_connect(*args, **kwargs)
    conn.set_trace_callback(
        lambda sql: on_loop.append(sql)
        if threading.get_ident() == loop_thread and not sql.startswith("PRAGMA")
        else None
    )
    return conn


sqlite3.connect = traced_connect
loop_thread = threading.get_ident()  # asyncio.run runs the loop on this thread
import notes  # noqa: E402

db = os.path.join(work, "notes.db")
start = time.perf_counter()
names = asyncio.run(notes.main(db, ["a", "b", "c"]))
elapsed = time.perf_counter() - start
conn = real_connect(db)
rows = conn.execute("SELECT name, body FROM notes ORDER BY name").fetchall()
conn.close()
print(json.dumps({
    "sequential": [names, rows],
    "hazard": len(on_loop),
    "detail": f"{len(on_loop)} statements on the loop thread in {elapsed * 1000:.0f} ms",
}))
