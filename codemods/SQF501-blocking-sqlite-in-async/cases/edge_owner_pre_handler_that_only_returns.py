"""The same pre-handler idea, but the check only returns: a handler in group -1
that returns does not stop the update, so group 0's handlers still run for
everyone. The bot serves whoever writes to it, and their updates wait while a
query holds the loop. Reported."""

import os
import sqlite3

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes, TypeHandler

READER = int(os.environ["READER_ID"])
shelf = sqlite3.connect("shelf.db")


async def note_stranger(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_user.id != READER:
        return


async def next_book(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    row = shelf.execute("SELECT title FROM books WHERE read = 0 ORDER BY id LIMIT 1").fetchone()
    await update.message.reply_text(row[0] if row else "shelf is empty")


def main() -> None:
    app = Application.builder().token(os.environ["BOT_TOKEN"]).build()
    app.add_handler(TypeHandler(Update, note_stranger), group=-1)
    app.add_handler(CommandHandler("next", next_book))
    app.run_polling()


if __name__ == "__main__":
    main()
