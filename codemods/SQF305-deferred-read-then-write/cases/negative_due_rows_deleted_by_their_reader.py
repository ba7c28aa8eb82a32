"""A reminder loop (one `tasks.loop`, which never overlaps its own last run)
reads the due reminders, sends each, and deletes it by id. The command that
schedules reminders only inserts new rows: a row added meanwhile is not among
those the loop read, and nothing else updates or deletes a reminder, so no
change can be lost between the read and the delete. Not reported."""
import sqlite3
import time

import discord
from discord.ext import commands, tasks

bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())
db = sqlite3.connect("reminders.db")


@bot.command()
async def remindme(ctx, minutes: int, *, text: str):
    db.execute(
        "INSERT INTO reminders (channel_id, due_at, body) VALUES (?, ?, ?)",
        (ctx.channel.id, time.time() + 60 * minutes, text),
    )
    db.commit()
    await ctx.reply("Noted.")


@tasks.loop(seconds=20)
async def deliver():
    due = db.execute(
        "SELECT id, channel_id, body FROM reminders WHERE due_at <= ?", (time.time(),)
    ).fetchall()
    for reminder_id, channel_id, body in due:
        await bot.get_channel(channel_id).send(body)
        db.execute("DELETE FROM reminders WHERE id = ?", (reminder_id,))
        db.commit()


@bot.event
async def on_ready():
    deliver.start()


bot.run("token")
