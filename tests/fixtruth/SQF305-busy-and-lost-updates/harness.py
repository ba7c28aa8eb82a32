"""Six threads call each function once per round, released together by a barrier,
for eight rounds. Each read is followed by 3 ms of "processing" (a connection
subclass sleeps after SELECT), as real code computes between read and write; this
widens the race window without changing what SQLite does."""
import json
import os
import sqlite3
import sys
import threading
import time

sys.path.insert(0, sys.argv[1])
work = sys.argv[2]

_connect = sqlite3.connect


class ProcessingConnection(sqlite3.Connection):
    def execute(self, sql, *args):
        cur = super().execute(sql, *args)
        if sql.lstrip().upper().startswith("SELECT") and threading.current_thread().name.startswith("w"):
            time.sleep(0.003)
        return cur


def connect(*args, **kwargs):
    kwargs.setdefault("factory", ProcessingConnection)
    return _connect(*args, **kwargs)


sqlite3.connect = connect
import store  # noqa: E402

seq = os.path.join(work, "seq.db")
store.init(seq)
for _ in range(3):
    store.add_pages(seq, "d1", 2)
    store.bump(seq, "uploads")
sequential = store.totals(seq)

db = os.path.join(work, "load.db")
store.init(db)
THREADS, ROUNDS = 6, 8
barrier = threading.Barrier(THREADS)
locked = 0
lock = threading.Lock()


def worker():
    global locked
    for _ in range(ROUNDS):
        barrier.wait()
        for call in (lambda: store.add_pages(db, "d1", 2), lambda: store.bump(db, "uploads")):
            try:
                call()
            except sqlite3.OperationalError as e:
                if "locked" not in str(e):
                    raise
                with lock:
                    locked += 1


threads = [threading.Thread(target=worker, name=f"w{i}") for i in range(THREADS)]
for t in threads:
    t.start()
for t in threads:
    t.join()
got = store.totals(db)
calls = THREADS * ROUNDS
lost_pages = (calls * 2 - got["pages"]) // 2
lost_uploads = calls - got["uploads"]
# A call that failed with 'locked' changed nothing; it is counted once, as locked.
lost = lost_pages + lost_uploads - locked
print(json.dumps({
    "sequential": sequential,
    "hazard": locked + max(lost, 0),
    "detail": f"{locked} 'database is locked', {max(lost, 0)} lost updates in {2 * calls} calls",
}))
