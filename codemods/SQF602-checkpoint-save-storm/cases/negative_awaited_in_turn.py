"""A periodic job that hands each writer to a thread and waits for it before
starting the next: one writer at a time, no burst on the write lock."""

import asyncio
import sqlite3

LEDGER = "ledger.db"


def prune_receipts():
    conn = sqlite3.connect(LEDGER)
    try:
        conn.execute("DELETE FROM receipts WHERE age_days > 90")
        conn.commit()
    finally:
        conn.close()


def compact_totals():
    conn = sqlite3.connect(LEDGER)
    try:
        conn.execute("UPDATE totals SET stale = 0")
        conn.commit()
    finally:
        conn.close()


async def housekeeping_forever():
    while True:
        await asyncio.to_thread(prune_receipts)
        await asyncio.to_thread(compact_totals)
        await asyncio.sleep(900)


async def settle_accounts(account_ids):
    for account_id in account_ids:
        await asyncio.get_running_loop().run_in_executor(None, prune_receipts)
