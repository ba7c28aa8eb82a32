"""A journaling bot on aiogram 3 whose dispatcher runs a middleware before
every message handler; the middleware drops any message not from the author.
One connection, nothing else on the loop. Not reported."""

import asyncio
import os
import sqlite3

from aiogram import BaseMiddleware, Bot, Dispatcher
from aiogram.filters import Command
from aiogram.types import Message

AUTHOR = int(os.environ["AUTHOR"])
journal = sqlite3.connect("journal.db")
dp = Dispatcher()


class AuthorOnly(BaseMiddleware):
    async def __call__(self, handler, event, data):
        if event.from_user.id != AUTHOR:
            return None
        return await handler(event, data)


@dp.message(Command("today"))
async def today(message: Message) -> None:
    rows = journal.execute("SELECT line FROM entries WHERE day = date('now')").fetchall()
    await message.answer("\n".join(r[0] for r in rows) or "nothing yet")


@dp.message()
async def write(message: Message) -> None:
    journal.execute("INSERT INTO entries (day, line) VALUES (date('now'), ?)", (message.text,))
    journal.commit()


async def main() -> None:
    dp.message.middleware(AuthorOnly())
    await dp.start_polling(Bot(os.environ["BOT_TOKEN"]))


if __name__ == "__main__":
    asyncio.run(main())
