DB_PATH = "data/queue.db"
