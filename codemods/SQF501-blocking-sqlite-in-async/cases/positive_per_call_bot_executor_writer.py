"""The per-call bot shape, but one command hands an archiving job to the loop's
default executor: it writes the same file on a worker thread while the loop
goes on, so a handler's write can wait for its lock on the loop. Reported,
naming the executor's function."""
import asyncio
import sqlite3

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes

DB_FILE = "notes.db"


def save_note(user_id, text):
    conn = sqlite3.connect(DB_FILE)
    conn.execute("INSERT INTO notes (user, body) VALUES (?, ?)", (user_id, text))
    conn.commit()
    conn.close()


def archive_old_notes():
    with sqlite3.connect(DB_FILE) as conn:
        conn.execute("INSERT INTO archive SELECT * FROM notes WHERE created < date('now', '-30 day')")
        conn.execute("DELETE FROM notes WHERE created < date('now', '-30 day')")


async def note(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    save_note(update.effective_user.id, update.message.text)
    await update.message.reply_text("saved")


async def archive(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, archive_old_notes)
    await update.message.reply_text("archived")


app = Application.builder().token("token").build()
app.add_handler(CommandHandler("note", note))
app.add_handler(CommandHandler("archive", archive))
app.run_polling()
