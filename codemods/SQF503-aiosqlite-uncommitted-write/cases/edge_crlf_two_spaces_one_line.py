import aiosqlite


async def mark_seen(path, doc_id):
  async with aiosqlite.connect(path) as db:
    await db.execute("UPDATE documents SET seen = 1 WHERE id = ?", (doc_id,))  # first view


async def one_line(path, doc_id):
  async with aiosqlite.connect(path) as db: await db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
