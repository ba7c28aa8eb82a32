import telebot

from quizbot import db

bot = telebot.TeleBot("token")


@bot.message_handler(commands=["start"])
def start(message):
    db.add_player(message.from_user.id, message.from_user.first_name)


@bot.message_handler(commands=["answer"])
def answer(message):
    db.add_point(message.from_user.id)


if __name__ == "__main__":
    bot.infinity_polling()
