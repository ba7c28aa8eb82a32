"""The imported filter keeps private chats, not one person: anyone can write to
the bot privately, and their updates wait while a query holds the loop.
Reported."""

import os
import sqlite3

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes

from settings import PRIVATE_CHATS

parcels = sqlite3.connect("parcels.db")


async def track(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    parcels.execute("INSERT INTO parcels (code, user_id) VALUES (?, ?)", (context.args[0], update.effective_user.id))
    parcels.commit()
    await update.message.reply_text("tracking")


def main() -> None:
    app = Application.builder().token(os.environ["BOT_TOKEN"]).build()
    app.add_handler(CommandHandler("track", track, filters=PRIVATE_CHATS))
    app.run_polling()


if __name__ == "__main__":
    main()
