"""Get-or-create run by pool threads, each written so that a second worker
cannot make the row twice: peewee's own `get_or_create` on a unique key, a
create whose own `try` expects the IntegrityError and reads the other
worker's row, the lookup and the create under `atomic("IMMEDIATE")` or under
one lock every worker takes, and a handler that creates another model than
the one looked up."""
import threading
from multiprocessing.dummy import Pool

from peewee import CharField, IntegrityError, Model, SqliteDatabase

db = SqliteDatabase("books.db", pragmas={"journal_mode": "wal", "synchronous": "normal"})


SAVING = threading.Lock()


class Author(Model):
    name = CharField(unique=True)

    class Meta:
        database = db


class Missing(Model):
    name = CharField()

    class Meta:
        database = db


def by_library(record):
    return Author.get_or_create(name=record["author"])[0]


def expecting_the_duplicate(record):
    try:
        return Author.get(Author.name == record["author"])
    except Author.DoesNotExist:
        try:
            return Author.create(name=record["author"])
        except IntegrityError:
            return Author.get(Author.name == record["author"])


def under_the_write_lock(record):
    with db.atomic("IMMEDIATE"):
        try:
            return Author.get(Author.name == record["author"])
        except Author.DoesNotExist:
            return Author.create(name=record["author"])


def under_one_lock(record):
    with SAVING:
        try:
            return Author.get(Author.name == record["author"])
        except Author.DoesNotExist:
            return Author.create(name=record["author"])


def noting_the_miss(record):
    try:
        return Author.get(Author.name == record["author"])
    except Author.DoesNotExist:
        Missing.create(name=record["author"])


def main(records):
    pool = Pool(8)
    for worker in (
        by_library,
        expecting_the_duplicate,
        under_the_write_lock,
        under_one_lock,
        noting_the_miss,
    ):
        pool.map(worker, records)
