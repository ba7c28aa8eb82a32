"""The reminder loop whose rows a command only adds to, but the deleting code
is an ordinary command that two people can run at once (not a loop task): each
reads the due rows, awaits the sends, and deletes them; a second run between
the read and the delete sends the same reminders again. Reported: the runner
overlaps itself."""
import sqlite3
import time

import discord
from discord.ext import commands

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
async def flush(ctx):
    due = db.execute(
        "SELECT id, channel_id, body FROM reminders WHERE due_at <= ?", (time.time(),)
    ).fetchall()
    for reminder_id, channel_id, body in due:
        await bot.get_channel(channel_id).send(body)
        db.execute("DELETE FROM reminders WHERE id = ?", (reminder_id,))
        db.commit()


bot.run("token")
