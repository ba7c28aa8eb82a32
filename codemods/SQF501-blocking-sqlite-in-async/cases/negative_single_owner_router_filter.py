"""A one-person expense bot on aiogram 3: the router only lets the owner's
messages through (`F.from_user.id == OWNER`), the command handler checks the
sender again, and nothing else (no thread, no web server) shares the loop.
The sync queries delay only the owner's own next message. Not reported."""

import asyncio
import os
import sqlite3

from aiogram import Bot, Dispatcher, F, Router
from aiogram.filters import Command
from aiogram.types import Message

OWNER = int(os.getenv("OWNER", "0"))
router = Router()
ledger = sqlite3.connect("ledger.db")


@router.message(Command("total"))
async def total(message: Message) -> None:
    if message.from_user.id != OWNER:
        return
    (spent,) = ledger.execute("SELECT coalesce(sum(amount), 0) FROM spend").fetchone()
    await message.answer(f"{spent:.2f}")


@router.message(F.text, F.from_user.id == OWNER)
async def record(message: Message) -> None:
    amount, _, what = message.text.partition(" ")
    ledger.execute("INSERT INTO spend (amount, what) VALUES (?, ?)", (float(amount), what))
    ledger.commit()
    await message.answer("ok")


async def main() -> None:
    dp = Dispatcher()
    dp.include_router(router)
    await dp.start_polling(Bot(os.environ["TOKEN"]))


if __name__ == "__main__":
    asyncio.run(main())
