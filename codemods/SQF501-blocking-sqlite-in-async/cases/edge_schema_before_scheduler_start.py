"""An alert service whose `async def main` creates its tables with sync sqlite3,
then builds an AsyncIOScheduler, adds the polling job and starts it: the
schema work runs before any job exists, with the loop to itself. Not reported
there; the job that polls each minute is."""

import asyncio
import sqlite3

from apscheduler.schedulers.asyncio import AsyncIOScheduler

DB = "alerts.db"


def init_db():
    conn = sqlite3.connect(DB)
    conn.execute("CREATE TABLE IF NOT EXISTS alerts (id INTEGER PRIMARY KEY, route TEXT)")
    conn.commit()
    conn.close()


async def poll():
    conn = sqlite3.connect(DB)
    rows = conn.execute("SELECT id, route FROM alerts").fetchall()
    conn.close()
    print(len(rows))


async def main():
    init_db()
    scheduler = AsyncIOScheduler()
    scheduler.add_job(poll, "interval", minutes=1)
    scheduler.start()
    await asyncio.Event().wait()


asyncio.run(main())
