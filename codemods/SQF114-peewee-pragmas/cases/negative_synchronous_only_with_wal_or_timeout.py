# WAL is already chosen here, or a busy timeout is already given: what is left
# to add is `synchronous`, a durability/fsync trade, not a concurrency fix.
import threading

from peewee import CharField, Model, SqliteDatabase

# WAL in this database's own pragmas, and a 30 s busy wait.
tasks_db = SqliteDatabase("tasks.db", timeout=30, pragmas={"journal_mode": "wal"})

# WAL in its own pragmas, peewee's default busy wait.
events_db = SqliteDatabase("events.db", pragmas=[("journal_mode", "wal"), ("cache_size", -4000)])


class Task(Model):
    title = CharField()

    class Meta:
        database = tasks_db


def worker():
    with tasks_db.atomic():
        Task.create(title="from a thread")


threading.Thread(target=worker).start()
