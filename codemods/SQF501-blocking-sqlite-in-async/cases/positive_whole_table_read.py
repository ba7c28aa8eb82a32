"""One event loop and nothing else on the file, but the leaderboard reads the
whole table, which grows with every member who ever wrote (100k rows: tens of
milliseconds on the loop, bench/load/loop_stall.py case c), and the purge
deletes every row. Reported, saying so. The keyed lookup is not, until the fix
moves the whole-table read onto a worker thread, its second party then."""
import sqlite3

from aiogram import Bot, Dispatcher, types
from aiogram.filters import Command

DB_FILE = "scores.db"
dp = Dispatcher()


def all_scores():
    with sqlite3.connect(DB_FILE) as conn:
        return conn.execute("SELECT user, score FROM scores ORDER BY score DESC").fetchall()


def score_of(user_id):
    with sqlite3.connect(DB_FILE) as conn:
        return conn.execute("SELECT score FROM scores WHERE user = ?", (user_id,)).fetchone()


@dp.message(Command("board"))
async def board(message: types.Message):
    rows = all_scores()
    await message.answer("\n".join(f"{u}: {s}" for u, s in rows[:10]))


@dp.message(Command("me"))
async def me(message: types.Message):
    row = score_of(message.from_user.id)
    await message.answer(str(row[0] if row else 0))


@dp.message(Command("purge"))
async def purge(message: types.Message):
    conn = sqlite3.connect(DB_FILE)
    conn.execute("DELETE FROM scores")
    conn.commit()
    conn.close()
    await message.answer("purged")


async def main():
    await dp.start_polling(Bot("token"))
