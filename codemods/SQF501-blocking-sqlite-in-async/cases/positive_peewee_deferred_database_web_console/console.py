"""The bot's web console, served on the bot's own event loop: the route
iterates every user row on the loop (reported), while every chat update
waits behind it; the sync helper the bot runs in a worker thread is fine."""
import asyncio

from aiohttp import web

from models import User

routes = web.RouteTableDef()


@routes.get("/api/users")
async def list_users(request):
    users = [{"name": u.name, "points": u.points} for u in User.select()]
    return web.json_response(users)


def _load_users():
    return [{"name": u.name, "points": u.points} for u in User.select()]


@routes.get("/api/users/offloaded")
async def list_users_offloaded(request):
    users = await asyncio.to_thread(_load_users)
    return web.json_response(users)
