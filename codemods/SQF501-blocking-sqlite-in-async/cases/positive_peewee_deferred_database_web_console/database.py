"""The bot's database: declared before the data folder is known, and given
its path at start-up (`db.init(path)`): still a SQLite database."""
from peewee import SqliteDatabase

db = SqliteDatabase(None)


def open_database(path):
    db.init(path, pragmas={"journal_mode": "wal"})
    db.connect()
