from aiohttp import web

from console import routes
from database import open_database


def main():
    open_database("data/bot.db")
    app = web.Application()
    app.add_routes(routes)
    web.run_app(app, port=8080)


if __name__ == "__main__":
    main()
