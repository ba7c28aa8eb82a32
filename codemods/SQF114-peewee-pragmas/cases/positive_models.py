"""peewee models for the document pipeline."""
import datetime

from peewee import CharField, DateTimeField, Model, SqliteDatabase

db = SqliteDatabase("documents.db", timeout=5)


class BaseModel(Model):
    class Meta:
        database = db


class Document(BaseModel):
    name = CharField()
    status = CharField(default="queued")
    updated = DateTimeField(default=datetime.datetime.now)
