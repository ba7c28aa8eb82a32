"""A python-telegram-bot application on one event loop (no thread, executor,
worker process or other program): its handlers call the methods of one
database wrapper instance that holds the program's only connection to its
file. Keyed lookups and one-row writes: no call meets a held lock, each stalls
the loop for its own statement. Reported as MONITOR only."""
from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes

from .database import db


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE):
    db.add_user(update.effective_user.id, update.effective_user.first_name)
    await update.message.reply_text("Hi!")


async def city(update: Update, context: ContextTypes.DEFAULT_TYPE):
    db.set_city(update.effective_user.id, " ".join(context.args))
    await update.message.reply_text("Saved")


async def me(update: Update, context: ContextTypes.DEFAULT_TYPE):
    row = db.get_user(update.effective_user.id)
    await update.message.reply_text(f"{row}")


def main():
    app = Application.builder().token("TOKEN").build()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CommandHandler("city", city))
    app.add_handler(CommandHandler("me", me))
    app.run_polling()


if __name__ == "__main__":
    main()
