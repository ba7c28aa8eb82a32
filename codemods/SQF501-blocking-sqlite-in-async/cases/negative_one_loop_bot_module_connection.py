"""A small Telegram bot: one process, one event loop, one module-level
connection and a cursor of it, used only by the handlers on that loop. No
thread, executor, worker process or other program opens the file, so no call
can wait on a lock (docs/sqlite-facts.md#F-busy-needs-two); each stalls the
loop for its own keyed statement, about a millisecond (bench/load/loop_stall.py,
case e). No lock hazard: SQF501 does not report it; SQF505 does."""
import sqlite3

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes

db = sqlite3.connect("reminders.db")
cursor = db.cursor()


async def remind(update: Update, context: ContextTypes.DEFAULT_TYPE):
    text = " ".join(context.args)
    cursor.execute("INSERT INTO reminders (chat, text) VALUES (?, ?)", (update.effective_chat.id, text))
    db.commit()
    await update.message.reply_text("saved")


async def last(update: Update, context: ContextTypes.DEFAULT_TYPE):
    cursor.execute(
        "SELECT text FROM reminders WHERE chat = ? ORDER BY rowid DESC LIMIT 1",
        (update.effective_chat.id,),
    )
    row = cursor.fetchone()
    await update.message.reply_text(row[0] if row else "nothing")


def main():
    app = Application.builder().token("TOKEN").build()
    app.add_handler(CommandHandler("remind", remind))
    app.add_handler(CommandHandler("last", last))
    app.run_polling()


if __name__ == "__main__":
    main()
