"""A Telegram bot on aiogram: one process, one event loop, no thread, executor,
worker process or other program. Every handler uses ONE module-level sqlite3
connection, the program's only connection to its file: keyed lookups and
one-row writes, each with its commit. No second connection exists, so no call
can wait in the busy handler (docs/sqlite-facts.md#F-busy-needs-two); each call
stalls the loop for its own statement, about a millisecond
(bench/load/loop_stall.py, case e). Reported as MONITOR only."""
import asyncio
import sqlite3

from aiogram import Bot, Dispatcher
from aiogram.filters import Command
from aiogram.types import Message

conn = sqlite3.connect("bot.db")
cur = conn.cursor()
cur.execute("CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, name TEXT, balance INTEGER)")
conn.commit()

dp = Dispatcher()


@dp.message(Command("start"))
async def start(message: Message):
    cur.execute("SELECT id FROM users WHERE id = ?", (message.from_user.id,))
    if cur.fetchone() is None:
        cur.execute(
            "INSERT INTO users (id, name, balance) VALUES (?, ?, 0)",
            (message.from_user.id, message.from_user.full_name),
        )
        conn.commit()
    await message.answer("Welcome!")


@dp.message(Command("balance"))
async def balance(message: Message):
    row = conn.execute("SELECT balance FROM users WHERE id = ?", (message.from_user.id,)).fetchone()
    await message.answer(f"Balance: {row[0] if row else 0}")


@dp.message(Command("bonus"))
async def bonus(message: Message):
    conn.execute("UPDATE users SET balance = balance + 10 WHERE id = ?", (message.from_user.id,))
    conn.commit()
    await message.answer("+10")


async def main():
    bot = Bot(token="TOKEN")
    await dp.start_polling(bot)


if __name__ == "__main__":
    asyncio.run(main())
