"""A link checker run from the shell: it parses its arguments, opens one
sqlite3 connection in `main` and runs a scheduler task and a few fetch tasks on
one event loop with `asyncio.run`. Nothing else uses the loop (no server, no
bot, no protocol serving peers), no thread or process runs beside it, and no
second connection opens the file: the blocking calls stall only the program's
own tasks, for as long as the statement itself takes. Not reported."""

import argparse
import asyncio
import sqlite3


async def fetch(url):
    await asyncio.sleep(0.01)
    return 200


async def checker(queue, conn):
    while True:
        url = await queue.get()
        status = await fetch(url)
        conn.execute(
            "INSERT INTO results (url, status) VALUES (?, ?) "
            "ON CONFLICT(url) DO UPDATE SET status = excluded.status",
            (url, status),
        )
        conn.commit()
        queue.task_done()


async def schedule(queue, conn, urls):
    for url in urls:
        seen = conn.execute("SELECT 1 FROM results WHERE url = ?", (url,)).fetchone()
        if seen is None:
            await queue.put(url)


async def main(args):
    conn = sqlite3.connect(args.db)
    conn.execute("CREATE TABLE IF NOT EXISTS results (url TEXT PRIMARY KEY, status INTEGER)")
    queue = asyncio.Queue()
    workers = [asyncio.create_task(checker(queue, conn)) for _ in range(args.jobs)]
    await schedule(queue, conn, args.urls)
    await queue.join()
    for w in workers:
        w.cancel()
    conn.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--db", default=":memory:")
    parser.add_argument("--jobs", type=int, default=4)
    asyncio.run(main(parser.parse_args()))
