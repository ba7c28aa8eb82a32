"""A models module declares the database with its pragmas as a list of pairs and
never calls init() itself: the application factory in another module does, with
the configured path only. The declared pairs are what every connection gets."""
from peewee import IntegerField, Model, SqliteDatabase

db = SqliteDatabase(None, pragmas=[("foreign_keys", 1), ("cache_size", -8000)])


class Counter(Model):
    value = IntegerField(default=0)

    class Meta:
        database = db
