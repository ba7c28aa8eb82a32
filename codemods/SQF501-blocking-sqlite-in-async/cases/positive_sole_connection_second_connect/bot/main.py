"""The one-module-connection bot shape, but a helper elsewhere in the project
opens a second connection to the same file per call. A transaction the shared
connection holds across an await then makes that connection's write wait in
the busy handler on the loop (bench/load/loop_stall.py, case d). Reported,
naming the second connection."""
from aiogram import Dispatcher
from aiogram.types import Message

from .db import conn, export_orders

dp = Dispatcher()


@dp.message()
async def order(message: Message):
    conn.execute("INSERT INTO orders (user_id, item) VALUES (?, ?)", (message.from_user.id, message.text))
    conn.commit()
    await message.answer("ordered")


@dp.message()
async def history(message: Message):
    rows = export_orders(message.from_user.id)
    await message.answer(str(rows))
