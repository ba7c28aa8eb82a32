"""A loop around a callee whose only statement after its write is the commit.

Nothing can raise between the UPDATE and the commit: a BUSY on the UPDATE, the
transaction's first write, takes no lock (docs/sqlite-facts.md#F-busy-first-write),
so the swallowed failure leaves no lock held. Not reported.
"""
import asyncio
import logging
import sqlite3

log = logging.getLogger(__name__)
conn = sqlite3.connect("stats.db")


def bump(name):
    conn.execute("UPDATE counters SET n = n + 1 WHERE name = ?", (name,))
    conn.commit()


async def ticker():
    while True:
        try:
            bump("ticks")
        except Exception as e:
            log.warning("tick failed: %s", e)
            continue
        await asyncio.sleep(1)
