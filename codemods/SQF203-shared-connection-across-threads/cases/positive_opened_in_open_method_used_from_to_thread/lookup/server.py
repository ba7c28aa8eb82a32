"""Opens the cache on the main thread, then runs each request's session in
`asyncio.to_thread`: successive requests land on different pool threads,
and each use of the connection there raises ProgrammingError."""
import asyncio

from aiohttp import web

from lookup.cache import LookupSession, ResultCache

cache = ResultCache("results.db")
cache.open()
session = LookupSession(cache)


async def lookup(request):
    result = await asyncio.to_thread(session.run, request.query["q"])
    return web.Response(text=result)


app = web.Application()
app.router.add_get("/", lookup)

if __name__ == "__main__":
    web.run_app(app)
