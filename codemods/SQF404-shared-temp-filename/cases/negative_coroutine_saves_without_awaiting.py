"""An upload handler of a web app on one event loop: it awaits the upload,
then writes the fixed temporary file, makes it private and renames it over
the final name with no `await` in between, so the loop runs the write and the
rename as one step and two uploads cannot interleave on the shared name. The
worker processes only read the final name, which the rename swaps whole."""
import os

from aiohttp import web

COOKIES = "/data/cookies.txt"
routes = web.RouteTableDef()


@routes.post("/upload-cookies")
async def upload_cookies(request):
    data = await request.post()
    content = data["cookies"].file.read()
    tmp = COOKIES + ".tmp"
    with open(tmp, "wb") as f:
        f.write(content)
    os.chmod(tmp, 0o600)
    os.replace(tmp, COOKIES)
    return web.json_response({"status": "ok"})


def main():
    app = web.Application()
    app.add_routes(routes)
    web.run_app(app)


if __name__ == "__main__":
    main()
