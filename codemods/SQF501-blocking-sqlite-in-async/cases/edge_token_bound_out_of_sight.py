"""The same draft bot shape, but each name module code reads is bound
somewhere Python can see at run time: `TOKEN` by a `global` in `load()` called
first, `ADMIN` by the star import of the settings module, and the name read
inside a handler (`LIMIT`) is only read when the handler runs. The module runs
to its polling call, so its handlers' blocking calls are reported."""

import sqlite3

from aiogram import Bot, Dispatcher, executor, types
from settings import *


def load():
    global TOKEN
    TOKEN = open("token.txt").read().strip()


load()
conn = sqlite3.connect("notes.db")
bot = Bot(token=TOKEN)
dp = Dispatcher(bot)
dp.admin = ADMIN


@dp.message_handler(commands=["notes"])
async def notes(message: types.Message):
    rows = conn.execute("SELECT body FROM notes WHERE user = ?", (message.from_user.id,)).fetchall()
    await message.answer("\n".join(r[0] for r in rows[:LIMIT]))


executor.start_polling(dp)
