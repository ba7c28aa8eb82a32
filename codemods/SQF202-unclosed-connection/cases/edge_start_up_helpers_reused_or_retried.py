"""A sync service with a scheduler thread. Which of its unclosed connections
pile up is a question of who calls the function: `warm_cache` runs once (the
coroutine `asyncio.run` gives it), and the nightly export runs once a day,
but `refresh` is also handed to the scheduler every ten minutes, and
`open_with_retry` runs in a retry loop. An in-memory probe has no file: once
it is nothing; once per imported file it is memory per file."""
import asyncio
import sqlite3
import threading
import time

import schedule

DB = "service.db"


def refresh():
    conn = sqlite3.connect(DB)
    conn.execute("DELETE FROM cache WHERE stale = 1")
    conn.commit()


def open_with_retry():
    conn = sqlite3.connect(DB, timeout=1)
    conn.execute("SELECT 1 FROM cache LIMIT 1")
    conn.execute("INSERT INTO boots DEFAULT VALUES")
    conn.commit()
    return True


def export_rows():
    conn = sqlite3.connect(DB)
    rows = conn.execute("SELECT * FROM cache").fetchall()
    conn.execute("INSERT INTO exports (n) VALUES (?)", (len(rows),))
    conn.commit()


def nightly():
    export_rows()


def json_supported():
    probe = sqlite3.connect(":memory:")
    try:
        probe.execute("SELECT json('{}')")
        return True
    except sqlite3.OperationalError:
        return False


def check_dumps(paths):
    for path in paths:
        scratch = sqlite3.connect(":memory:")
        scratch.executescript(open(path).read())


async def warm_cache():
    conn = sqlite3.connect(DB)
    conn.execute("INSERT INTO cache (key) SELECT key FROM hot")
    conn.commit()


async def amain():
    await warm_cache()


def run_jobs():
    while True:
        schedule.run_pending()
        time.sleep(30)


def main():
    for _ in range(3):
        if open_with_retry():
            break
    refresh()
    if not json_supported():
        raise SystemExit("this service needs SQLite's JSON functions")
    asyncio.run(amain())
    schedule.every(10).minutes.do(refresh)
    schedule.every().day.at("02:00").do(nightly)
    threading.Thread(target=run_jobs, daemon=True).start()
    check_dumps(["a.sql", "b.sql"])


if __name__ == "__main__":
    main()
