import asyncio

from aiogram import Bot, Dispatcher

from bot.handlers import admin, money
from bot.jobs import scheduler


async def main():
    dp = Dispatcher()
    dp.include_router(money.router)
    dp.include_router(admin.router)
    scheduler.start()
    await dp.start_polling(Bot("token"))


if __name__ == "__main__":
    asyncio.run(main())
