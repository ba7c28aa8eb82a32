"""A home-plant diary bot whose handlers put their work under `if <sender is
the gardener>:` and only answer a refusal otherwise. Same program as a gate
that returns early: strangers get one reply and touch nothing, and nothing
but the gardener's own updates share the loop. Not reported."""

import os
import sqlite3

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes

GARDENER = int(os.environ["GARDENER"])
diary = sqlite3.connect("plants.db")


async def watered(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log that a plant was watered today."""
    who = update.effective_user
    if who.id == GARDENER:
        diary.execute("INSERT INTO waterings (plant, day) VALUES (?, date('now'))", (context.args[0],))
        diary.commit()
        await update.message.reply_text("noted")
    else:
        await update.message.reply_text("This diary is private.")


async def thirsty(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_chat.id == GARDENER:
        rows = diary.execute(
            "SELECT plant FROM waterings GROUP BY plant HAVING max(day) < date('now', '-3 days')"
        ).fetchall()
        await update.message.reply_text(", ".join(r[0] for r in rows) or "all fine")


def main() -> None:
    app = Application.builder().token(os.environ["BOT_TOKEN"]).build()
    app.add_handler(CommandHandler("watered", watered))
    app.add_handler(CommandHandler("thirsty", thirsty))
    app.run_polling()


if __name__ == "__main__":
    main()
