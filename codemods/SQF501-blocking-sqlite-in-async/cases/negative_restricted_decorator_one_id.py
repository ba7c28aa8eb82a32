"""A budget bot whose handlers are wrapped by a `restricted` decorator that
returns unless the sender is in `ALLOWED`, a module-level list holding one
id. One person, one connection, nothing beside the loop. Not reported."""

import os
import sqlite3
from functools import wraps

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes

ALLOWED = [int(os.environ["ACCOUNT_HOLDER"])]
ledger = sqlite3.connect("budget.db")


def restricted(handler):
    @wraps(handler)
    async def checked(update: Update, context: ContextTypes.DEFAULT_TYPE, *args, **kwargs):
        sender = update.effective_user.id
        if sender not in ALLOWED:
            print(f"ignored {sender}")
            return
        return await handler(update, context, *args, **kwargs)

    return checked


@restricted
async def spend(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    ledger.execute("INSERT INTO spend (cents) VALUES (?)", (int(context.args[0]),))
    ledger.commit()
    await update.message.reply_text("ok")


@restricted
async def month(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    (total,) = ledger.execute("SELECT coalesce(sum(cents), 0) FROM spend").fetchone()
    await update.message.reply_text(f"{total / 100:.2f}")


def main() -> None:
    app = Application.builder().token(os.environ["BOT_TOKEN"]).build()
    app.add_handler(CommandHandler("spend", spend))
    app.add_handler(CommandHandler("month", month))
    app.run_polling()


if __name__ == "__main__":
    main()
