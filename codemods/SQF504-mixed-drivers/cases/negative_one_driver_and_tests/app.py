import aiosqlite

DB_PATH = "documents.db"
CACHE_PATH = "cache.db"


async def get(doc_id):
    async with aiosqlite.connect(DB_PATH) as db:
        async with db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)) as cursor:
            return await cursor.fetchone()
