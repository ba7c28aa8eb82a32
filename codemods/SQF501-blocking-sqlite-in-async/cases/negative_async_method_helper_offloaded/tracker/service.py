"""The lazy wrapper: the recorder is built on first use. Building it does no
I/O (the store connects on its first write), so the wrapper is not where the
loop blocks: the write path is."""

from aiohttp import web

from .recorder import Recorder

_recorder = None


async def get_recorder():
    global _recorder
    if _recorder is None:
        _recorder = Recorder("events.db")
    return _recorder


async def handle_event(request):
    body = await request.json()
    recorder = await get_recorder()
    await recorder.write(body["kind"], body["payload"])
    return web.json_response({"ok": True})


app = web.Application()
app.router.add_post("/events", handle_event)

if __name__ == "__main__":
    web.run_app(app)
