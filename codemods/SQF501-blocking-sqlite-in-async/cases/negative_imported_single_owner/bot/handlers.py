"""A bot that serves one person: every handler returns unless the sender is the
owner. The imported cursor's queries delay only the owner's own next update."""
import os

from telegram import Update
from telegram.ext import ContextTypes

from bot.db import con, cursor

OWNER_ID = int(os.environ["OWNER_ID"])


async def add_note(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_user.id != OWNER_ID:
        return
    cursor.execute("INSERT INTO notes (body) VALUES (?)", (update.message.text,))
    con.commit()
    await update.message.reply_text("saved")


async def list_notes(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_user.id != OWNER_ID:
        return
    rows = cursor.execute("SELECT body FROM notes").fetchall()
    await update.message.reply_text("\n".join(r[0] for r in rows))
