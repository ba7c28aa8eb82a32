"""The reminder loop again, but a command can also push a reminder back
(`UPDATE ... SET due_at`): between the loop's read of the due rows and its
delete, at the awaited send, a snooze of a row it read is deleted with it. A
second writer changes the rows read: reported. The same when the schedule is
added with `INSERT OR REPLACE`, which replaces an existing row."""
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


@bot.command()
async def snooze(ctx, reminder_id: int, minutes: int):
    db.execute(
        "UPDATE reminders SET due_at = due_at + ? WHERE id = ?", (60 * minutes, reminder_id)
    )
    db.commit()


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
