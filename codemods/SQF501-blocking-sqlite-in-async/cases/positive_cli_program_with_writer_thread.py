"""The same shape of command-line program as a one-user link checker, but a
thread it starts writes to the same file on its own connection: a statement on
the loop can wait up to the busy timeout (5 s by default) for that thread's
write lock, and every task of the loop waits with it. Reported."""

import argparse
import asyncio
import sqlite3
import threading
import time

DB = "progress.db"


def heartbeat(stop):
    conn = sqlite3.connect(DB)
    while not stop.is_set():
        conn.execute("UPDATE state SET beat = ?", (time.time(),))
        conn.commit()
        time.sleep(1)
    conn.close()


async def work(conn, item):
    await asyncio.sleep(0.01)
    conn.execute("INSERT INTO done (item) VALUES (?)", (item,))
    conn.commit()


async def main(items):
    conn = sqlite3.connect(DB)
    await asyncio.gather(*(work(conn, i) for i in items))
    conn.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("items", nargs="+")
    stop = threading.Event()
    threading.Thread(target=heartbeat, args=(stop,), daemon=True).start()
    asyncio.run(main(parser.parse_args().items))
    stop.set()
