import asyncio

from aiohttp import web

from lookup.cache import SharedCache, fresh_lookup

shared = SharedCache("results.db")
shared.open()


async def lookup(request):
    q = request.query["q"]
    first = await asyncio.to_thread(shared.get, q)
    second = await asyncio.to_thread(fresh_lookup, "results.db", q)
    return web.Response(text=f"{first} {second}")


app = web.Application()
app.router.add_get("/", lookup)

if __name__ == "__main__":
    web.run_app(app)
