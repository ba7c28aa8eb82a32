"""A deferred peewee database whose pragmas are a tuple of pairs (the older
spelling), with foreign keys and a long wait but no WAL; its path comes later from
`init()`, which passes no pragmas, so the declared ones run. Reported and fixed at
the declaration, the pairs extended in their own spelling."""
import threading

from peewee import CharField, Model, SqliteDatabase

db = SqliteDatabase(None, pragmas=(("foreign_keys", True), ("busy_timeout", 30000)))


class Peer(Model):
    name = CharField()

    class Meta:
        database = db


def open_store(path):
    db.init(path)
    db.create_tables([Peer])


def record(name):
    Peer.create(name=name)


def serve(names):
    workers = [threading.Thread(target=record, args=(n,)) for n in names]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
