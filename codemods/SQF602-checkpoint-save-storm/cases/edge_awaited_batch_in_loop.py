"""A loop that awaits each step, but each step itself starts many writers at
once: the batch inside the loop is still a burst on the write lock."""

import asyncio
import sqlite3

LEDGER = "ledger.db"


def record_payment(payment):
    conn = sqlite3.connect(LEDGER)
    try:
        conn.execute("INSERT INTO payments (id, cents) VALUES (?, ?)", (payment["id"], payment["cents"]))
        conn.commit()
    finally:
        conn.close()


async def import_statements(statements):
    for statement in statements:
        await asyncio.gather(*[asyncio.to_thread(record_payment, p) for p in statement["payments"]])


async def import_without_waiting(payments):
    pending = []
    for payment in payments:
        pending.append(asyncio.create_task(asyncio.to_thread(record_payment, payment)))
    await asyncio.gather(*pending)
