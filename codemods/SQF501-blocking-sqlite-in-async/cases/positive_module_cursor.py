"""A module-level cursor made from a module-level connection, used in the
module's own handlers: its queries block the loop like the connection's.
One root, the connection."""
import sqlite3

from aiogram import Router, types

con = sqlite3.connect("bot.db")
cursor = con.cursor()
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


def report():
    # Sync code: not on the loop.
    return cursor.execute("SELECT count(*) FROM users").fetchone()


async def shadowed(cursor):
    # A parameter of the same name is something else.
    return cursor.execute("SELECT 1")
