# Patched by gevent, but the greenlets are not the only party: each worker
# process of the pool opens the file too, and gevent does not fold processes
# into one thread. Reported, naming the processes.
from gevent import monkey

monkey.patch_all()

import multiprocessing
import sqlite3
import threading

EVENTS = "events.db"


def record(peer, payload):
    conn = sqlite3.connect(EVENTS)
    conn.execute("INSERT INTO events (peer, payload) VALUES (?, ?)", (peer, payload))
    conn.execute("UPDATE peers SET hits = hits + 1 WHERE peer = ?", (peer,))
    conn.commit()
    conn.close()


def analyse(batch):
    for peer, payload in batch:
        record(peer, payload)


def main(batches):
    threading.Thread(target=record, args=("127.0.0.1", b"boot"), daemon=True).start()
    processes = [multiprocessing.Process(target=analyse, args=(b,)) for b in batches]
    for p in processes:
        p.start()
