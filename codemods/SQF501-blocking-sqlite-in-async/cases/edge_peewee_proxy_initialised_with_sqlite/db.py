"""A proxy the app initialises with a SQLite database once it has read its
settings: SQLite, although the module that declares it names no file."""
from peewee import DatabaseProxy, Model, TextField, IntegerField

database = DatabaseProxy()


class Track(Model):
    title = TextField()
    plays = IntegerField(default=0)

    class Meta:
        database = database
