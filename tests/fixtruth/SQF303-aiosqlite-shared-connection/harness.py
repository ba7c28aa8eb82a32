"""Concurrent asyncio tasks share one aiosqlite connection (opened once, as a
module global): 40 add a page each to one of four documents (BEGIN, read the
count, insert the page, write the count + 1, commit) and 20 write a page that
fails validation and roll it back. Each read is followed by 2 ms of "processing"
(a connection subclass sleeps after SELECT, on aiosqlite's worker thread), as
real code computes between read and write; this widens the window in which
another task's statements reach the connection.

What a user sees: errors ("cannot start a transaction within a transaction"),
pages that were committed but are missing (another task's rollback undid them),
rolled-back pages that are present (another task's commit kept them), and
counts that differ from the rows (lost updates). The hazard is their sum; the
load runs three times on a fresh database file each time."""
import asyncio
import json
import os
import sqlite3
import sys
import time

_connect = sqlite3.connect


class ProcessingConnection(sqlite3.Connection):
    def execute(self, sql, *args):
        cur = super().execute(sql, *args)
        if sql.lstrip().upper().startswith("SELECT"):
            time.sleep(0.002)
        return cur


def connect(*args, **kwargs):
    kwargs.setdefault("factory", ProcessingConnection)
    return _connect(*args, **kwargs)


sqlite3.connect = connect
sys.path.insert(0, sys.argv[1])
import store  # noqa: E402

work = sys.argv[2]
DOCS = ["d0", "d1", "d2", "d3"]
PAGES, FAILURES, RUNS = 40, 20, 3


async def load(path, concurrent):
    await store.open_store(path)
    for d in DOCS:
        await store.add_doc(d)
    jobs = [("add", DOCS[i % 4], i) for i in range(PAGES)]
    jobs += [("fail", DOCS[i % 4], 1000 + i) for i in range(FAILURES)]
    jobs.sort(key=lambda j: j[2] % 7)  # interleave adds and failures

    async def run(kind, doc, page):
        fn = store.add_page if kind == "add" else store.record_failure
        try:
            await fn(doc, page)
            return (kind, doc, None)
        except sqlite3.Error as e:
            return (kind, doc, str(e))

    if concurrent:
        results = await asyncio.gather(*(run(*j) for j in jobs))
    else:
        results = [await run(*j) for j in jobs]
    docs, rows = await store.totals()
    await store.close_store()
    return results, docs, rows


def judge(results, docs, rows):
    errors = sorted({e for _, _, e in results if e})
    n_errors = sum(1 for _, _, e in results if e)
    added = {d: sum(1 for k, doc, e in results if k == "add" and doc == d and not e) for d in DOCS}
    count = dict(docs)
    ok_rows = {doc: int(ok or 0) for doc, _, ok in rows}
    bad_rows = {doc: n - int(ok or 0) for doc, n, ok in rows}
    missing = sum(max(0, added[d] - ok_rows.get(d, 0)) for d in DOCS)
    kept_failures = sum(bad_rows.values())
    drift = sum(abs(count.get(d, 0) - ok_rows.get(d, 0)) for d in DOCS)
    return n_errors, missing, kept_failures, drift, errors


seq = asyncio.run(load(os.path.join(work, "seq.db"), concurrent=False))
sequential = {"docs": seq[1], "rows": seq[2], "errors": judge(*seq)[0]}
totals = [0, 0, 0, 0]
messages = set()
for run in range(RUNS):
    result = asyncio.run(load(os.path.join(work, f"load{run}.db"), concurrent=True))
    *counts, errors = judge(*result)
    totals = [a + b for a, b in zip(totals, counts)]
    messages.update(errors)
n_errors, missing, kept, drift = totals
print(json.dumps({
    "sequential": sequential,
    "hazard": n_errors + missing + kept + drift,
    "detail": f"{RUNS} runs of {PAGES} adds + {FAILURES} rolled-back pages on one shared "
              f"connection: {n_errors} errors {sorted(messages)[:2]}, {missing} committed pages "
              f"missing, {kept} rolled-back pages kept, {drift} lost count updates",
}))
