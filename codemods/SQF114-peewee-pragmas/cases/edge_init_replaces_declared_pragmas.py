"""init() passes its own pragmas: peewee replaces the declared ones with them (no
merge), so the declaration's WAL never runs and init()'s dict is what to check."""
import threading

from peewee import CharField, Model, SqliteDatabase

db = SqliteDatabase(None, pragmas={"journal_mode": "wal", "synchronous": "normal"})


class Entry(Model):
    text = CharField()

    class Meta:
        database = db


def setup(path):
    db.init(path, pragmas={"foreign_keys": 1})


def writer():
    with db.atomic():
        Entry.create(text="x")


threading.Thread(target=writer).start()
