"""The same decorator, but `ALLOWED` is read from a comma-separated setting:
any number of people may use the bot, and each one's update waits while
another's query holds the loop. Reported."""

import os
import sqlite3
from functools import wraps

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes

ALLOWED = [int(x) for x in os.environ["MEMBERS"].split(",")]
ledger = sqlite3.connect("budget.db")


def restricted(handler):
    @wraps(handler)
    async def checked(update: Update, context: ContextTypes.DEFAULT_TYPE, *args, **kwargs):
        if update.effective_user.id not in ALLOWED:
            return
        return await handler(update, context, *args, **kwargs)

    return checked


@restricted
async def spend(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    ledger.execute("INSERT INTO spend (cents) VALUES (?)", (int(context.args[0]),))
    ledger.commit()
    await update.message.reply_text("ok")


def main() -> None:
    app = Application.builder().token(os.environ["BOT_TOKEN"]).build()
    app.add_handler(CommandHandler("spend", spend))
    app.run_polling()


if __name__ == "__main__":
    main()
