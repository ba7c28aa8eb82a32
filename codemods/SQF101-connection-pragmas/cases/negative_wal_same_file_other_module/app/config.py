DB_PATH = "var/app.db"
