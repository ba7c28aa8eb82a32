"""The sole module connection of a bot on one loop, but two handlers' own
work grows: a full-table read for a leaderboard, and a commit per word of a
message. Those two are reported, naming the work; the keyed lookup is MONITOR."""
import asyncio
import sqlite3

from aiogram import Bot, Dispatcher
from aiogram.filters import Command
from aiogram.types import Message

conn = sqlite3.connect("words.db")
dp = Dispatcher()


@dp.message(Command("top"))
async def top(message: Message):
    rows = conn.execute("SELECT user, count FROM counts ORDER BY count DESC").fetchall()
    await message.answer("\n".join(f"{u}: {c}" for u, c in rows[:10]))


@dp.message(Command("me"))
async def me(message: Message):
    row = conn.execute("SELECT count FROM counts WHERE user = ?", (message.from_user.id,)).fetchone()
    await message.answer(str(row))


@dp.message()
async def words(message: Message):
    for word in message.text.split():
        conn.execute("INSERT INTO words (user, word) VALUES (?, ?)", (message.from_user.id, word))
        conn.commit()


async def main():
    await dp.start_polling(Bot(token="TOKEN"))


if __name__ == "__main__":
    asyncio.run(main())
