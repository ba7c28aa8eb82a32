"""A parcel-tracking bot for its operator: every registration passes a filter
defined in settings.py that lets one user through. Nothing else shares the
loop, so the sync queries delay only the operator. Not reported."""

import os
import sqlite3

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes

from settings import OPERATOR_ONLY

parcels = sqlite3.connect("parcels.db")


async def track(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    parcels.execute("INSERT INTO parcels (code) VALUES (?)", (context.args[0],))
    parcels.commit()
    await update.message.reply_text("tracking")


async def pending(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rows = parcels.execute("SELECT code FROM parcels WHERE delivered = 0").fetchall()
    await update.message.reply_text("\n".join(r[0] for r in rows) or "none")


def main() -> None:
    app = Application.builder().token(os.environ["BOT_TOKEN"]).build()
    app.add_handler(CommandHandler("track", track, filters=OPERATOR_ONLY))
    app.add_handler(CommandHandler("pending", pending, filters=OPERATOR_ONLY))
    app.run_polling()


if __name__ == "__main__":
    main()
