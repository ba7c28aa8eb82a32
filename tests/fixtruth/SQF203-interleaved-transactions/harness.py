"""Two documents are imported by two threads; the first has an empty page and is
rolled back. The first job pauses after its first page until the second job has
committed (or 1.5 s pass), the interleaving a thread pool produces under load."""
import importlib
import json
import os
import sys
import threading

app, work = sys.argv[1], sys.argv[2]
sys.path.insert(0, app)
JOBS = [("bad", ["p1", ""]), ("good", ["p1", "p2"])]

os.environ["IMPORTS_DB"] = os.path.join(work, "seq.db")
imports = importlib.import_module("imports")
seq_results = [imports.import_document(*job) for job in JOBS]
sequential = {"results": seq_results, "stored": imports.stored()}
imports.conn.close()

os.environ["IMPORTS_DB"] = os.path.join(work, "load.db")
imports = importlib.reload(imports)
real = imports.conn
bad_began = threading.Event()
good_committed = threading.Event()


class Interleaving:
    """The shared connection, with the scheduling made explicit."""

    def execute(self, sql, params=()):
        cursor = real.execute(sql, params)
        if threading.current_thread().name == "job-bad":
            bad_began.set()
            if sql.startswith("INSERT INTO pages"):
                good_committed.wait(1.5)
        return cursor

    def commit(self):
        real.commit()
        if threading.current_thread().name == "job-good":
            good_committed.set()

    def __getattr__(self, name):
        return getattr(real, name)


imports.conn = Interleaving()
results = {}


def run(job):
    results[job[0]] = imports.import_document(*job)


threads = [threading.Thread(target=run, args=(job,), name=f"job-{job[0]}") for job in JOBS]
threads[0].start()
bad_began.wait(5)
threads[1].start()
for t in threads:
    t.join(timeout=10)
imports.conn = real
now = imports.stored()
leaked = now["documents"].count("bad") + sum(1 for d, _ in now["pages"] if d == "bad")
print(json.dumps({
    "sequential": sequential,
    "hazard": leaked,
    "detail": f"rows of the rolled-back import left in the database: {leaked}; results {results}",
}))
