DB_PATH = "data/bot.db"
