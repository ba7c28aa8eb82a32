from peewee import CharField, IntegerField, Model

from database import db


class BaseModel(Model):
    class Meta:
        database = db


class User(BaseModel):
    name = CharField(unique=True)
    points = IntegerField(default=0)
