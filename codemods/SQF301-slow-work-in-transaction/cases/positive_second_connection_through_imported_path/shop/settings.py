"""One place names the database file; every module imports the name."""
DB_PATH = "data/shop.db"
