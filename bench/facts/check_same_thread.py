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
fact.done()
