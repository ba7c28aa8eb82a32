"""Two routers: the admin router carries a one-user filter, the public one
does not and its handler writes for anyone. Strangers' messages wait on the
loop while a query runs. Reported."""

import asyncio
import os
import sqlite3

from aiogram import Bot, Dispatcher, F, Router
from aiogram.filters import Command
from aiogram.types import Message

ADMIN = int(os.environ["ADMIN"])
votes = sqlite3.connect("votes.db")
admin = Router()
public = Router()
admin.message.filter(F.from_user.id == ADMIN)


@admin.message(Command("reset"))
async def reset(message: Message) -> None:
    votes.execute("DELETE FROM votes")
    votes.commit()


@public.message(Command("vote"))
async def vote(message: Message) -> None:
    votes.execute("INSERT INTO votes (user_id) VALUES (?)", (message.from_user.id,))
    votes.commit()


async def main() -> None:
    dp = Dispatcher()
    dp.include_routers(admin, public)
    await dp.start_polling(Bot(os.environ["BOT_TOKEN"]))


if __name__ == "__main__":
    asyncio.run(main())
