"""The work sits under `if <sender is the gardener>:`, but the `else` branch
records every stranger's request in the database too: strangers are served
(and written for) on the loop, so the bot is not one person's. Reported."""

import os
import sqlite3

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes

GARDENER = int(os.environ["GARDENER"])
diary = sqlite3.connect("plants.db")


async def watered(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_user.id == GARDENER:
        diary.execute("INSERT INTO waterings (plant) VALUES (?)", (context.args[0],))
        diary.commit()
    else:
        diary.execute("INSERT INTO requests (user_id) VALUES (?)", (update.effective_user.id,))
        diary.commit()


def main() -> None:
    app = Application.builder().token(os.environ["BOT_TOKEN"]).build()
    app.add_handler(CommandHandler("watered", watered))
    app.run_polling()


if __name__ == "__main__":
    main()
