"""A tab-indented worker module with CRLF line endings."""
import aiosqlite


async def save(path, doc):
	async with aiosqlite.connect(path) as db: await db.execute("INSERT INTO docs (name) VALUES (?)", (doc,))


async def mark(path, doc):
	async with aiosqlite.connect(path) as db:
		await db.execute("UPDATE docs SET done = 1 WHERE name = ?", (doc,))
		await db.commit()
