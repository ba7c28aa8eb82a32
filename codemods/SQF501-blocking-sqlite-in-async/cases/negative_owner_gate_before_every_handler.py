"""A reading-list bot for one person. Instead of checking the sender in every
handler, a pre-handler in group -1 sees every update first and raises
`ApplicationHandlerStop` for anyone but the owner, so no later group's handler
runs for a stranger. One connection, no thread, no web server: the sync
queries delay only the owner's own next update. Not reported."""

import os
import sqlite3

from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, CommandHandler, ContextTypes, TypeHandler

READER = int(os.environ["READER_ID"])
shelf = sqlite3.connect("shelf.db")


async def keep_strangers_out(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_user is None or update.effective_user.id != READER:
        raise ApplicationHandlerStop


async def add_book(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    shelf.execute("INSERT INTO books (title) VALUES (?)", (" ".join(context.args),))
    shelf.commit()
    await update.message.reply_text("on the shelf")


async def next_book(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    row = shelf.execute("SELECT title FROM books WHERE read = 0 ORDER BY id LIMIT 1").fetchone()
    await update.message.reply_text(row[0] if row else "shelf is empty")


def main() -> None:
    app = Application.builder().token(os.environ["BOT_TOKEN"]).build()
    app.add_handler(TypeHandler(Update, keep_strangers_out), group=-1)
    app.add_handler(CommandHandler("add", add_book))
    app.add_handler(CommandHandler("next", next_book))
    app.run_polling()


if __name__ == "__main__":
    main()
