"""A schema-migration module (its name says so: `*_migrations.py`) rebuilding a
table under BEGIN IMMEDIATE while the program starts: its connection is the
process's only writer then, the loop's other tasks are not running yet, and an
`asyncio.Lock` could not order another process anyway. Not reported."""
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
