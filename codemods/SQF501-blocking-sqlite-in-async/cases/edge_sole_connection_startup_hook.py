"""An aiogram bot opens its one connection in its start-up hook (registered
with `dp.startup.register`, run once before the bot serves anyone) and keeps
it in a module global its handlers use. The program's only connection to its
file, one loop, nothing beside it: reported as MONITOR only."""
import asyncio
import sqlite3

from aiogram import Bot, Dispatcher
from aiogram.filters import Command
from aiogram.types import Message

dp = Dispatcher()
db = None


async def on_startup():
    global db
    db = sqlite3.connect("notes.db")
    db.execute("CREATE TABLE IF NOT EXISTS notes (user INTEGER, body TEXT)")
    db.commit()


@dp.message(Command("note"))
async def note(message: Message):
    db.execute("INSERT INTO notes (user, body) VALUES (?, ?)", (message.from_user.id, message.text))
    db.commit()
    await message.answer("noted")


@dp.message(Command("last"))
async def last(message: Message):
    row = db.execute(
        "SELECT body FROM notes WHERE user = ? ORDER BY rowid DESC LIMIT 1", (message.from_user.id,)
    ).fetchone()
    await message.answer(row[0] if row else "nothing yet")


async def main():
    dp.startup.register(on_startup)
    await dp.start_polling(Bot(token="TOKEN"))


if __name__ == "__main__":
    asyncio.run(main())
