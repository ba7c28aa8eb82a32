"""The same personal bot, except that one handler has no owner gate: `/stats`
answers anyone who writes to the bot. Once one handler serves strangers, every
sync query on the loop (the owner's too) stalls their updates, so each is
reported."""

import datetime
import os
import sqlite3

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes, MessageHandler, filters

OWNER_ID = int(os.environ["OWNER_ID"])

db = sqlite3.connect("assistant.db")
db.execute("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT, due TEXT)")


async def add_note(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_user.id != OWNER_ID:
        return
    db.execute("INSERT INTO notes (body) VALUES (?)", (update.message.text,))
    db.commit()
    await update.message.reply_text("saved")


async def list_notes(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user = update.effective_user
    if not user or user.id != OWNER_ID:
        await update.message.reply_text("This is a private bot.")
        return
    rows = db.execute("SELECT body FROM notes ORDER BY id DESC LIMIT 20").fetchall()
    await update.message.reply_text("\n".join(r[0] for r in rows) or "nothing yet")


async def clear(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    db.execute("DELETE FROM notes")
    db.commit()
    await update.message.reply_text("cleared")


async def stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    (count,) = db.execute("SELECT count(*) FROM notes").fetchone()
    await update.message.reply_text(f"{count} notes")


async def morning(context: ContextTypes.DEFAULT_TYPE) -> None:
    rows = db.execute("SELECT body FROM notes WHERE due = date('now')").fetchall()
    if rows:
        await context.bot.send_message(OWNER_ID, "\n".join(r[0] for r in rows))


def main() -> None:
    app = Application.builder().token(os.environ["TOKEN"]).build()
    app.add_handler(CommandHandler("list", list_notes))
    app.add_handler(CommandHandler("clear", clear, filters=filters.User(user_id=OWNER_ID)))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, add_note))
    app.add_handler(CommandHandler("stats", stats))
    app.job_queue.run_daily(morning, time=datetime.time(8, 0))
    app.run_polling()


if __name__ == "__main__":
    main()
