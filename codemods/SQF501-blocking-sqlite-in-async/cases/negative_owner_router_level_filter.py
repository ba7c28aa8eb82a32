"""A habit tracker on aiogram 3 whose router carries one filter for all its
message handlers (`router.message.filter(F.from_user.id == ME)`); the
handlers themselves check nothing. Only one person's messages reach them and
nothing else shares the loop. Not reported."""

import asyncio
import os
import sqlite3

from aiogram import Bot, Dispatcher, F, Router
from aiogram.filters import Command
from aiogram.types import Message

ME = int(os.environ["ME"])
habits = sqlite3.connect("habits.db")
router = Router()
router.message.filter(F.from_user.id == ME)


@router.message(Command("done"))
async def done(message: Message) -> None:
    habits.execute("INSERT INTO ticks (habit, day) VALUES (?, date('now'))", (message.text,))
    habits.commit()


@router.message(Command("streak"))
async def streak(message: Message) -> None:
    (n,) = habits.execute("SELECT count(DISTINCT day) FROM ticks").fetchone()
    await message.answer(str(n))


async def main() -> None:
    dp = Dispatcher()
    dp.include_router(router)
    await dp.start_polling(Bot(os.environ["BOT_TOKEN"]))


if __name__ == "__main__":
    asyncio.run(main())
