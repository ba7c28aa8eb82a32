"""Start-up code of two bot libraries: discord.py awaits a bot class's
`setup_hook` once after login, before it takes any event, and aiogram 3 runs
a `@dp.startup()` function before it polls. Both create their tables with
sync sqlite3 while nothing is served yet: not reported there. (The command
handlers would be; this file has none.)"""

import sqlite3

import discord
from aiogram import Dispatcher
from discord.ext import commands

dp = Dispatcher()


class Bot(commands.Bot):
    async def setup_hook(self):
        conn = sqlite3.connect("guilds.db")
        conn.execute("CREATE TABLE IF NOT EXISTS guilds (id INTEGER PRIMARY KEY, prefix TEXT)")
        for row in conn.execute("SELECT id FROM guilds").fetchall():
            self.known.add(row[0])
        conn.close()


@dp.startup()
async def on_startup():
    conn = sqlite3.connect("users.db")
    conn.execute("CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY)")
    for row in conn.execute("SELECT id FROM users").fetchall():
        print(row)
    conn.close()


Bot(command_prefix="!", intents=discord.Intents.default()).run("token")
