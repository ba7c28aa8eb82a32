DB_PATH = "data/documents.db"
