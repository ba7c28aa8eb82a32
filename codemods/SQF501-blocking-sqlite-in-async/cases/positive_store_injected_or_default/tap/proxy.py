from aiohttp import web

from .recorder import ReplayRecorder, SpanRecorder


async def forward(request):
    body = await request.text()
    await SpanRecorder(request.match_info["trace"]).write(body)
    return web.Response(text="ok")


async def replay(request):
    lines = (await request.text()).splitlines()
    await ReplayRecorder(request.match_info["trace"]).replay(lines)
    return web.Response(text="ok")


app = web.Application()
app.router.add_post("/t/{trace}", forward)
app.router.add_post("/replay/{trace}", replay)

if __name__ == "__main__":
    web.run_app(app)
