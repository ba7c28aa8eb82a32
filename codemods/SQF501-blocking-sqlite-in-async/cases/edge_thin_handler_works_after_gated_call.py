"""Edge: `/pump_off` first calls the gated helper and then does work of its own.
A stranger returns from the helper, but not from the handler, which goes on to
write: it is no thin wrapper, so the bot serves anyone and its sync queries
are reported."""

import datetime
import os
import sqlite3
from dataclasses import dataclass

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes, MessageHandler, filters


@dataclass
class Config:
    gardener_id: int


beds = sqlite3.connect(os.environ.get("BEDS_DB", "beds.db"))


def is_gardener(update: Update, gardener_id: int) -> bool:
    who = update.effective_user
    return bool(who and who.id == gardener_id)


async def readings(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    cfg = context.application.bot_data["cfg"]
    if not is_gardener(update, cfg.gardener_id):
        await update.message.reply_text("Private greenhouse.")
        return
    rows = beds.execute("SELECT bed, moisture FROM readings ORDER BY at DESC LIMIT 5").fetchall()
    await update.message.reply_text("\n".join(f"{b}: {m}" for b, m in rows))


async def pump_on(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _set_pump(update, context, running=1)


async def pump_off(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stops the pump."""
    await _set_pump(update, context, running=0)
    beds.execute("INSERT INTO pump_log (event) VALUES ('off')")
    beds.commit()


async def _set_pump(update: Update, context: ContextTypes.DEFAULT_TYPE, running: int) -> None:
    cfg = context.application.bot_data["cfg"]
    if not is_gardener(update, cfg.gardener_id):
        return
    beds.execute("UPDATE pump SET running = ?", (running,))
    beds.commit()
    await update.message.reply_text("ok")


async def note(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    cfg = context.application.bot_data["cfg"]
    if not is_gardener(update, cfg.gardener_id):
        return
    beds.execute("INSERT INTO notes (body) VALUES (?)", (update.message.text,))
    beds.commit()


async def nightly(context: ContextTypes.DEFAULT_TYPE) -> None:
    beds.execute("DELETE FROM readings WHERE at < date('now', '-30 days')")
    beds.commit()


def main() -> None:
    cfg = Config(int(os.environ["GARDENER_ID"]))
    app = Application.builder().token(os.environ["BOT_TOKEN"]).build()
    app.bot_data["cfg"] = cfg
    app.add_handler(CommandHandler("readings", readings))
    app.add_handler(CommandHandler("pump_on", pump_on))
    app.add_handler(CommandHandler("pump_off", pump_off))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, note))
    app.job_queue.run_daily(nightly, time=datetime.time(3, 0))
    app.run_polling()


if __name__ == "__main__":
    main()
