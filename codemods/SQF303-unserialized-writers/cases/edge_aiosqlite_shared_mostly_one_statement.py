"""The shared aiosqlite connection of a service whose writes are mostly one
statement each, but one coroutine writes two statements before its commit and
another awaits a network call between its write and its commit. Another task's
commit can land between those statements and publish half of the pair, or a
rollback undo another task's write: every transaction on the connection is
reported, the one-statement ones included (they are the ones that commit the
half-done pair)."""
import aiohttp
import aiosqlite

_db = None


async def open_store(path):
    global _db
    _db = await aiosqlite.connect(path)


async def record_hit(url):
    await _db.execute("INSERT INTO hits (url) VALUES (?)", (url,))
    await _db.commit()


async def move(url, folder):
    await _db.execute("DELETE FROM hits WHERE url = ?", (url,))
    await _db.execute("INSERT INTO archive (url, folder) VALUES (?, ?)", (url, folder))
    await _db.commit()


async def record_and_ping(url):
    await _db.execute("INSERT INTO hits (url) VALUES (?)", (url,))
    async with aiohttp.ClientSession() as session:
        await session.post("https://example.org/ping", json={"url": url})
    await _db.commit()
