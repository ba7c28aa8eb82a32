"""A server-status bot that registers its commands from a table, each with the
same one-user filter built in `main()`. The handlers' names never appear in a
registration, but every registration lets only the admin through. Not
reported."""

import os
import sqlite3

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes, filters

ADMIN = int(os.environ["ADMIN"])
checks = sqlite3.connect("uptime.db")


async def last_check(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    row = checks.execute("SELECT at, ok FROM checks ORDER BY at DESC LIMIT 1").fetchone()
    await update.message.reply_text(str(row))


async def mute(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    checks.execute("UPDATE settings SET muted = 1")
    checks.commit()
    await update.message.reply_text("muted")


COMMANDS = {"last": last_check, "mute": mute}


def main() -> None:
    app = Application.builder().token(os.environ["BOT_TOKEN"]).build()
    only_admin = filters.User(user_id=ADMIN)
    for command, callback in COMMANDS.items():
        app.add_handler(CommandHandler(command, callback, filters=only_admin))
    app.run_polling()


if __name__ == "__main__":
    main()
