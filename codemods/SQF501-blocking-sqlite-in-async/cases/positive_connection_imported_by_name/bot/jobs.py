"""A scheduler job on the bot's loop (AsyncIOScheduler runs coroutines there)."""
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.setup import con, cursor

scheduler = AsyncIOScheduler()


async def daily_bonus():
    cursor.execute("UPDATE users SET balance = balance + 10")
    con.commit()


scheduler.add_job(daily_bonus, "interval", hours=24)
