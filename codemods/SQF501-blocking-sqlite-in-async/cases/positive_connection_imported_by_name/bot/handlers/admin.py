"""The same connection through a module import and a relative one."""
from aiogram import Router, types

import bot.setup as setup

from .. import setup as db

router = Router()


@router.message()
async def reset(message: types.Message):
    setup.cursor.execute("UPDATE users SET balance = 0")
    setup.con.commit()
    await message.answer("reset")


@router.message()
async def richest(message: types.Message):
    rows = db.cursor.execute("SELECT id FROM users ORDER BY balance DESC LIMIT 3").fetchall()
    await message.answer(str(rows))
