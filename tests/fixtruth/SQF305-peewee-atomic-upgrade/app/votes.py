import threading

from peewee import IntegerField, Model, SqliteDatabase

db = SqliteDatabase(None)


class Counter(Model):
    n = IntegerField(default=0)

    class Meta:
        database = db


def init(path):
    db.init(path, pragmas={"journal_mode": "wal", "busy_timeout": 30000})
    db.connect(reuse_if_open=True)
    db.create_tables([Counter])
    Counter.create(n=0)


def vote():
    with db.atomic():
        counter = Counter.get_by_id(1)
        counter.n += 1
        counter.save()


def value():
    return Counter.get_by_id(1).n


def start(count):
    threads = [threading.Thread(target=vote) for _ in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
