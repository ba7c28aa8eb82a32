"""A bot's tags database: created when the cog loads, then read and written only
by commands people type (a few a minute, each query a few milliseconds).
No burst writer: aiosqlite's 5 s busy wait serializes the rare overlap, so the
missing WAL is not reported. (Each command's own lost-update questions are
SQF305's.)"""
from pathlib import Path

import aiosqlite
from discord.ext import commands

DB_PATH = Path("data/tags.db")


class Tags(commands.Cog):
    def __init__(self, bot):
        self.bot = bot

    async def cog_load(self):
        await self.init_db()

    async def init_db(self):
        async with aiosqlite.connect(DB_PATH) as db:
            await db.execute("CREATE TABLE IF NOT EXISTS tags (name TEXT PRIMARY KEY, content TEXT)")
            await db.commit()

    @commands.hybrid_group(name="tags")
    async def tags_group(self, ctx):
        await ctx.send("Use /tags create")

    @tags_group.command(name="create")
    @commands.has_permissions(manage_messages=True)
    async def tags_create(self, ctx, name: str, *, content: str):
        await self.store(name, content)
        await ctx.reply(f"Created tag '{name}'.")

    @commands.hybrid_command(name="tag")
    async def tag(self, ctx, name: str):
        async with aiosqlite.connect(DB_PATH) as db:
            cursor = await db.execute("SELECT content FROM tags WHERE name = ?", (name,))
            row = await cursor.fetchone()
        await ctx.reply(row[0] if row else "Tag not found.")

    async def store(self, name, content):
        async with aiosqlite.connect(DB_PATH) as db:
            await db.execute("INSERT INTO tags (name, content) VALUES (?, ?)", (name, content))
            await db.commit()
