"""The database path comes from the config at startup."""
import os

from peewee import SqliteDatabase

db = SqliteDatabase(None)


def init_app():
    db.init(os.environ.get("DB_PATH", "app.db"), timeout=10)
