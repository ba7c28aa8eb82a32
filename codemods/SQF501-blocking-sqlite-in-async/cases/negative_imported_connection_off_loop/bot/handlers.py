"""The imported connection used where it does not block the loop: in sync
code, in a start-up hook that runs before the bot serves anyone, and an
object named like a cursor that is no database. Not reported."""
from aiogram import Dispatcher, Router, types

from bot import pages
from bot.setup import con, cursor

router = Router()
dp = Dispatcher()


async def on_startup():
    cursor.execute("CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, balance INTEGER)")
    con.commit()


dp.startup.register(on_startup)


def count_users():
    return cursor.execute("SELECT count(*) FROM users").fetchone()[0]


@router.message()
async def next_page(message: types.Message):
    offset = pages.cursor.execute(10)
    await message.answer(str(offset))


async def rows_of(cursor, sql):
    # A parameter that shadows the import.
    return cursor.execute(sql)
