DB_PATH = "queue.db"
