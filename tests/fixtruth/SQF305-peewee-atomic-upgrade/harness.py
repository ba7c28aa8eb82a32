"""Eight worker threads vote ten rounds each, released together by a barrier;
each counts the `database is locked` errors its votes raise. A 2 ms pause after
each read (peewee's cursor hook, worker threads only) widens the window the way
real handler code does between read and save."""
import json
import os
import sys
import threading
import time

sys.path.insert(0, sys.argv[1])
work = sys.argv[2]

import peewee  # noqa: E402
import votes  # noqa: E402

_execute_sql = peewee.SqliteDatabase.execute_sql


def execute_sql(self, sql, *args, **kwargs):
    cur = _execute_sql(self, sql, *args, **kwargs)
    if sql.lstrip().upper().startswith("SELECT") and threading.current_thread().name.startswith("w"):
        time.sleep(0.002)
    return cur


peewee.SqliteDatabase.execute_sql = execute_sql


def run(path, threads, rounds):
    votes.init(path)
    barrier = threading.Barrier(threads)
    errors = []

    def worker():
        for _ in range(rounds):
            try:
                barrier.wait()
            except threading.BrokenBarrierError:
                pass
            try:
                votes.vote()
            except peewee.OperationalError as e:
                errors.append(str(e))
        votes.db.close()

    ts = [threading.Thread(target=worker, name=f"w{i}") for i in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    n = votes.value()
    votes.db.close()
    return n, errors


seq, _ = run(os.path.join(work, "seq.db"), 1, 5)
n, errors = run(os.path.join(work, "load.db"), 8, 10)
print(json.dumps({
    "sequential": seq,
    "hazard": len(errors) + (80 - len(errors) - n),
    "detail": f"{len(errors)} of 80 votes failed with 'database is locked', {80 - len(errors) - n} lost",
}))
