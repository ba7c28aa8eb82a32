"""A draft aiogram bot that stops at import: module code builds the bot with
`Bot(token=API_TOKEN)`, and nothing in the file defines or imports
`API_TOKEN` (no assignment, import or star import binds it), so Python
raises NameError on that line. The handlers below it are never registered and
never run. Not reported."""

import sqlite3

from aiogram import Bot, Dispatcher, executor, types

conn = sqlite3.connect("notes.db")
bot = Bot(token=API_TOKEN)
dp = Dispatcher(bot)


@dp.message_handler(commands=["notes"])
async def notes(message: types.Message):
    rows = conn.execute("SELECT body FROM notes WHERE user = ?", (message.from_user.id,)).fetchall()
    await message.answer("\n".join(r[0] for r in rows))


@dp.message_handler()
async def remember(message: types.Message):
    conn.execute("INSERT INTO notes (user, body) VALUES (?, ?)", (message.from_user.id, message.text))
    conn.commit()


executor.start_polling(dp)
