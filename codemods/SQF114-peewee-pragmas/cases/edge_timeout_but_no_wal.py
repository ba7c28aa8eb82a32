# A busy timeout is given but the file stays in the rollback journal: a writer
# still blocks every reader beside the worker thread, so WAL is reported (and
# `synchronous` is added with it).
import threading

from peewee import CharField, Model, SqliteDatabase

ledger_db = SqliteDatabase("ledger.db", timeout=30)


class Entry(Model):
    memo = CharField()

    class Meta:
        database = ledger_db


def importer():
    with ledger_db.atomic():
        for n in range(1000):
            Entry.create(memo=f"row {n}")


threading.Thread(target=importer).start()
