"""The bot opens one aiosqlite connection at start-up and keeps it on itself;
every cog's coroutines use it as `self.bot.db`, so every task shares it."""
import aiosqlite


class Bot:
    def __init__(self, path):
        self.path = path
        self.db = None

    async def setup_hook(self):
        self.db = await aiosqlite.connect(self.path)
