"""F-eafp-create-race: `try: M.get(...) except: M.create(...)` run by threads makes the row twice.

Each worker looks the key up and creates it on a miss, in peewee's autocommit mode (each
statement its own transaction). Workers that miss the same key at once both create it:
without a unique key the table holds duplicates; with one, every later worker's create
raises IntegrityError, which the `except` around the lookup does not cover. peewee's own
`get_or_create()` on a unique key catches that error and reads the row the other worker
made: one row, no error. Needs peewee (requirements-dev.txt): run with .venv/bin/python.
"""
import os
import threading

from _fact import Fact, need, scratch

peewee = need("peewee")
fact = Fact(
    "F-eafp-create-race",
    "try get / except create from several threads duplicates the row or raises IntegrityError",
)
fact.note(f"peewee {peewee.__version__}")
work = scratch()
THREADS, KEYS = 8, 40


def run(unique, worker):
    db = peewee.SqliteDatabase(os.path.join(work, f"{unique}-{worker.__name__}.db"), timeout=30)

    class Author(peewee.Model):
        name = peewee.CharField(unique=unique)

        class Meta:
            database = db

    db.create_tables([Author])
    errors = []
    start = threading.Barrier(THREADS)

    def body():
        # Every worker starts each key together, as a pool's workers do when
        # the batch holds records of one author.
        for key in range(KEYS):
            start.wait()
            try:
                worker(Author, f"author-{key}")
            except peewee.IntegrityError:
                errors.append(key)

    threads = [threading.Thread(target=body) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rows = Author.select().count()
    db.close()
    return rows, len(errors)


def eafp(Author, name):
    try:
        return Author.get(Author.name == name)
    except Author.DoesNotExist:
        return Author.create(name=name)


def get_or_create(Author, name):
    return Author.get_or_create(name=name)[0]


rows, errors = run(False, eafp)
fact.note(f"no unique key, {THREADS} threads x {KEYS} keys: {rows} rows, {errors} errors")
fact.check(rows > KEYS, f"duplicates: {rows} rows for {KEYS} keys")
rows, errors = run(True, eafp)
fact.note(f"unique key: {rows} rows, {errors} IntegrityError")
fact.check(rows == KEYS and errors > 0, f"unique key: {errors} creates raised IntegrityError")
rows, errors = run(True, get_or_create)
fact.check(rows == KEYS and errors == 0, f"get_or_create on a unique key: {rows} rows, {errors} errors")
fact.done()
