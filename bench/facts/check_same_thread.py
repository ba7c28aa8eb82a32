"""F-same-thread: a default connection refuses to be used from another thread."""
import asyncio
import os
import sqlite3
import threading

from _fact import Fact, scratch

fact = Fact("F-same-thread", "with check_same_thread=True (the default) another thread's use raises ProgrammingError, asyncio.to_thread included")
db = os.path.join(scratch(), "t.db")
conn = sqlite3.connect(db)
errors = []


def use():
    try:
        conn.execute("SELECT 1")
    except sqlite3.ProgrammingError as e:
        errors.append(str(e))


t = threading.Thread(target=use)
t.start()
t.join()
fact.check(len(errors) == 1, f"threading.Thread: {errors[:1]}")


async def offload():
    try:
        await asyncio.to_thread(conn.execute, "SELECT 1")
        return "ran"
    except sqlite3.ProgrammingError:
        return "ProgrammingError"


got = asyncio.run(offload())
fact.check(got == "ProgrammingError", f"asyncio.to_thread(conn.execute, ...) of a loop-thread connection: {got}")


async def whole_unit():
    def unit():
        c = sqlite3.connect(db)
        try:
            return c.execute("SELECT 1").fetchone()[0]
        finally:
            c.close()

    return await asyncio.to_thread(unit)


fact.check(asyncio.run(whole_unit()) == 1, "connect ... close inside the offloaded function works")


# A lock around the connection shows the author expects several threads, but it
# does not help a default connection: the other thread still raises.
lock = threading.Lock()
locked_errors = []


def locked_use(c, errors):
    try:
        with lock:
            c.execute("INSERT INTO t VALUES (1)")
            c.commit()
    except sqlite3.ProgrammingError as e:
        errors.append(str(e))


conn.execute("CREATE TABLE IF NOT EXISTS t (x)")
conn.commit()
t = threading.Thread(target=locked_use, args=(conn, locked_errors))
t.start()
t.join()
fact.check(len(locked_errors) == 1, f"under a threading.Lock, check_same_thread=True still raises: {locked_errors[:1]}")

# check_same_thread=False with every use under that one lock: all threads' writes land.
shared = sqlite3.connect(db, check_same_thread=False)
shared_errors = []
workers = [threading.Thread(target=lambda: [locked_use(shared, shared_errors) for _ in range(25)]) for _ in range(4)]
for w in workers:
    w.start()
for w in workers:
    w.join()
rows = shared.execute("SELECT count(*) FROM t").fetchone()[0]
fact.check(not shared_errors and rows == 100, f"check_same_thread=False under one lock, 4 threads x 25 writes: {rows} rows, errors {shared_errors[:1]}")
shared.close()

# An object whose `open()` keeps the connection on `self`, used through
# `asyncio.to_thread` by later requests. Opened on the loop's thread, every
# offloaded use raises; opened inside one offloaded call, the requests that land
# on the pool's other threads raise; on a one-worker executor (open and uses on
# its single thread) all of them run.
import time  # noqa: E402
from concurrent.futures import ThreadPoolExecutor  # noqa: E402


class KeptCache:
    def __init__(self, path):
        self.path = path
        self.conn = None

    def open(self):
        self.conn = sqlite3.connect(self.path)

    def get(self):
        time.sleep(0.02)  # long enough that concurrent requests need several threads
        return self.conn.execute("SELECT 1").fetchone()[0]


async def requests(cache, run, n=8):
    async def one():
        try:
            return await run(cache.get)
        except sqlite3.ProgrammingError:
            return "ProgrammingError"

    return await asyncio.gather(*(one() for _ in range(n)))


async def opened_on_loop():
    cache = KeptCache(db)
    cache.open()
    return await requests(cache, asyncio.to_thread)


got = asyncio.run(opened_on_loop())
fact.check(got.count("ProgrammingError") == len(got), f"open() on the loop's thread, then to_thread uses: {got}")


async def opened_in_pool():
    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=4))
    cache = KeptCache(db)
    await asyncio.to_thread(cache.open)
    return await requests(cache, asyncio.to_thread)


got = asyncio.run(opened_in_pool())
fact.check("ProgrammingError" in got, f"open() in one to_thread call, uses on the pool's other threads: {got}")


async def one_worker():
    loop = asyncio.get_running_loop()
    single = ThreadPoolExecutor(max_workers=1)
    cache = KeptCache(db)
    await loop.run_in_executor(single, cache.open)
    return await requests(cache, lambda f: loop.run_in_executor(single, f))


got = asyncio.run(one_worker())
fact.check(got == [1] * len(got), f"open() and every use on a one-worker executor: {got}")

# A connection handed to a table object (`self._conn = conn`) is still the
# building thread's; and a threading socket server runs each request's handler
# on a thread of its own, so a handler using an object the main thread built
# raises on every request.
import socketserver  # noqa: E402


class Table:
    def __init__(self, conn):
        self._conn = conn

    def count(self):
        return self._conn.execute("SELECT count(*) FROM t").fetchone()[0]


def use_table(tbl, errors):
    try:
        tbl.count()
    except sqlite3.ProgrammingError as e:
        errors.append(str(e))


table = Table(sqlite3.connect(db))
handed_errors = []
t = threading.Thread(target=use_table, args=(table, handed_errors))
t.start()
t.join()
fact.check(len(handed_errors) == 1, f"a connection handed to a table object, used from a thread: {handed_errors[:1]}")

served_errors = []


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        use_table(table, served_errors)
        self.wfile.write(b"done\n")


with socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler) as server:
    threading.Thread(target=server.serve_forever, daemon=True).start()
    import socket  # noqa: E402

    for _ in range(3):
        with socket.create_connection(server.server_address) as s:
            s.sendall(b"x\n")
            s.recv(16)
    server.shutdown()
fact.check(len(served_errors) == 3, f"ThreadingTCPServer handler using a main-thread connection, 3 requests: {len(served_errors)} ProgrammingError")
fact.done()
