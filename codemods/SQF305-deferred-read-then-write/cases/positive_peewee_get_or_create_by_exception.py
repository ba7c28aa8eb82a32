"""A peewee get-or-create written as a lookup that raises on a miss and a
create in its handler, run by the threads of a `multiprocessing.dummy` pool:
two workers saving records of one author both miss it and both create it (a
duplicate author, or on a unique key an IntegrityError the handler does not
catch). Reported at the create; so is a lookup by id in a thread started per
record."""
import threading
from multiprocessing.dummy import Pool

from peewee import CharField, ForeignKeyField, Model, SqliteDatabase

db = SqliteDatabase("books.db", pragmas={"journal_mode": "wal", "synchronous": "normal"})


class Author(Model):
    name = CharField(unique=True)

    class Meta:
        database = db


class Book(Model):
    title = CharField()
    author = ForeignKeyField(Author)

    class Meta:
        database = db


def save(record):
    try:
        author = Author.get(Author.name == record["author"])
    except Exception:
        author = Author.create(name=record["author"])
    Book.create(title=record["title"], author=author)


def main(records):
    pool = Pool(8)
    pool.map(save, records)


def touch(author_id):
    try:
        return Author.get_by_id(author_id)
    except Author.DoesNotExist:
        return Author.create(id=author_id, name=str(author_id))


def touch_all(ids):
    for author_id in ids:
        threading.Thread(target=touch, args=(author_id,)).start()
