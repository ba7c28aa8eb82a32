"""A medication-reminder bot whose handlers start with `if not await
allowed(update): return`; `allowed` answers strangers and returns False
unless the sender is the one patient id. Nothing else shares the loop. Not
reported."""

import os
import sqlite3

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes

PATIENT = int(os.environ["PATIENT"])
doses = sqlite3.connect("doses.db")


async def allowed(update: Update) -> bool:
    if update.effective_user.id != PATIENT:
        await update.message.reply_text("Sorry, this bot is private.")
        return False
    return True


async def took(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not await allowed(update):
        return
    doses.execute("INSERT INTO doses (at) VALUES (datetime('now'))")
    doses.commit()


async def today(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not await allowed(update):
        return
    (n,) = doses.execute("SELECT count(*) FROM doses WHERE date(at) = date('now')").fetchone()
    await update.message.reply_text(str(n))


def main() -> None:
    app = Application.builder().token(os.environ["BOT_TOKEN"]).build()
    app.add_handler(CommandHandler("took", took))
    app.add_handler(CommandHandler("today", today))
    app.run_polling()


if __name__ == "__main__":
    main()
