"""A beehive log bot for its keeper: every handler is wrapped by
`access.keeper_only`, which answers strangers and returns. Nothing else
shares the loop. Not reported."""

import os
import sqlite3

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes

import access

hives = sqlite3.connect("hives.db")


@access.keeper_only
async def inspect(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    hives.execute("INSERT INTO inspections (hive, note) VALUES (?, ?)", (context.args[0], " ".join(context.args[1:])))
    hives.commit()


@access.keeper_only
async def last(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    row = hives.execute("SELECT hive, note FROM inspections ORDER BY rowid DESC LIMIT 1").fetchone()
    await update.message.reply_text(str(row))


def main() -> None:
    app = Application.builder().token(os.environ["BOT_TOKEN"]).build()
    app.add_handler(CommandHandler("inspect", inspect))
    app.add_handler(CommandHandler("last", last))
    app.run_polling()


if __name__ == "__main__":
    main()
