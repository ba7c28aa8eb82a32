"""A game bot on peewee: handlers and an asyncio scheduler share the loop, and
the scheduler's only job sends a reminder without touching the database. Every
query runs on the loop thread of one process: there is no second connection,
so busy timeouts and WAL change nothing. Not reported (SQF114)."""

import asyncio

from aiogram import Bot, Dispatcher, types
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from peewee import CharField, IntegerField, Model, SqliteDatabase

db = SqliteDatabase("game.db")


class Player(Model):
    name = CharField(unique=True)
    gold = IntegerField(default=0)

    class Meta:
        database = db


bot = Bot("token")
dp = Dispatcher()


@dp.message()
async def mine(message: types.Message):
    player, _ = Player.get_or_create(name=message.from_user.username)
    Player.update(gold=Player.gold + 1).where(Player.id == player.id).execute()
    await message.answer("+1 gold")


async def remind():
    await bot.send_message(1, "time to mine")


async def main():
    db.connect()
    db.create_tables([Player])
    scheduler = AsyncIOScheduler()
    scheduler.add_job(remind, "interval", hours=1)
    scheduler.start()
    await dp.start_polling(bot)


asyncio.run(main())
