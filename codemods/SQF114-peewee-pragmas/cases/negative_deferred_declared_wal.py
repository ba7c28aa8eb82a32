"""The declaration already carries WAL and synchronous; init() only gives the path
and a longer wait, so the declared pragmas run on every connection."""
import threading

from peewee import CharField, Model, SqliteDatabase

db = SqliteDatabase(None, pragmas={"journal_mode": "wal", "synchronous": "normal", "foreign_keys": 1})


class Item(Model):
    name = CharField()

    class Meta:
        database = db


def open_database(path):
    db.init(path, timeout=15)


def worker():
    with db.atomic():
        Item.create(name="x")


threading.Thread(target=worker).start()
