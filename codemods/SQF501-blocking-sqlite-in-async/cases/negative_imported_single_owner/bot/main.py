from telegram.ext import Application, CommandHandler, MessageHandler, filters

from bot.handlers import add_note, list_notes


def main() -> None:
    app = Application.builder().token("token").build()
    app.add_handler(CommandHandler("list", list_notes))
    app.add_handler(MessageHandler(filters.TEXT, add_note))
    app.run_polling()


if __name__ == "__main__":
    main()
