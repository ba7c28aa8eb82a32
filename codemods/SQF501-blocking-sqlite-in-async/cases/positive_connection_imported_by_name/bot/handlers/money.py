"""aiogram handlers: nothing here opens a database, every query runs on the
imported cursor, on the event loop."""
from aiogram import Router, types

from bot.setup import con, cursor

router = Router()


@router.message()
async def balance(message: types.Message):
    cursor.execute("SELECT balance FROM users WHERE id = ?", (message.from_user.id,))
    row = cursor.fetchone()
    await message.answer(str(row))


@router.message()
async def spend(message: types.Message):
    cursor.execute("UPDATE users SET balance = balance - 1 WHERE id = ?", (message.from_user.id,))
    con.commit()
    await message.answer("ok")
