"""A bot whose module code defines everything it reads; one handler reads a
name nobody defines (`GREETING`), but only when it runs, which fails that one
update, not the import. The module runs to its polling call and its handlers'
blocking calls on the shared connection are reported."""

import sqlite3

from aiogram import Bot, Dispatcher, executor, types

API_TOKEN = "123:abc"
conn = sqlite3.connect("notes.db")
bot = Bot(token=API_TOKEN)
dp = Dispatcher(bot)


@dp.message_handler(commands=["start"])
async def start(message: types.Message):
    conn.execute("INSERT OR IGNORE INTO users (id) VALUES (?)", (message.from_user.id,))
    conn.commit()
    await message.answer(GREETING)


@dp.message_handler(commands=["notes"])
async def notes(message: types.Message):
    rows = conn.execute("SELECT body FROM notes").fetchall()
    await message.answer("\n".join(r[0] for r in rows))


executor.start_polling(dp)
