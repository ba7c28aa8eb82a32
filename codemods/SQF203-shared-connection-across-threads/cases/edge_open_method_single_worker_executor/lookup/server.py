"""`open` and every `get` run on the one thread of a one-worker executor:
always the thread that opened the connection (quiet)."""
import asyncio
from concurrent.futures import ThreadPoolExecutor

from aiohttp import web

from lookup.cache import ResultCache

db_thread = ThreadPoolExecutor(max_workers=1)
cache = ResultCache("results.db")


async def on_startup(app):
    await asyncio.get_running_loop().run_in_executor(db_thread, cache.open)


async def lookup(request):
    loop = asyncio.get_running_loop()
    result = await loop.run_in_executor(db_thread, cache.get, request.query["q"])
    return web.Response(text=str(result))


app = web.Application()
app.on_startup.append(on_startup)
app.router.add_get("/", lookup)

if __name__ == "__main__":
    web.run_app(app)
