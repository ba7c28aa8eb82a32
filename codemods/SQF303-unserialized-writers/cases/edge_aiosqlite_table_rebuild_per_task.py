"""The same rebuild in an ordinary module, run by each worker task on its own
connection: the writers wait for each other in SQLite's polling busy handler
(reported: the lock is advice there)."""
import aiosqlite


async def rebuild_tasks_table(db):
    await db.execute("BEGIN IMMEDIATE")
    try:
        await db.execute("CREATE TABLE tasks_tmp (id INTEGER PRIMARY KEY, title TEXT, state TEXT)")
        await db.execute("INSERT INTO tasks_tmp (id, title, state) SELECT id, title, status FROM tasks")
        await db.execute("DROP TABLE tasks")
        await db.execute("ALTER TABLE tasks_tmp RENAME TO tasks")
        await db.commit()
    except Exception:
        await db.rollback()
        raise


async def run_all(path):
    db = await aiosqlite.connect(path)
    try:
        await rebuild_tasks_table(db)
    finally:
        await db.close()


async def worker(path, jobs):
    while True:
        await jobs.get()
        await run_all(path)
