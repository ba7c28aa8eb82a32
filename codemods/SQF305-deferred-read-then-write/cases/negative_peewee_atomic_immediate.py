"""The same handlers asking peewee for the write lock first, and one that
only writes: nothing to report."""
from concurrent.futures import ThreadPoolExecutor

from peewee import IntegerField, Model, SqliteDatabase

db = SqliteDatabase("standup.db", pragmas={"journal_mode": "wal"})


class Poll(Model):
    yes = IntegerField(default=0)

    class Meta:
        database = db


def record_vote(poll_id):
    with db.atomic("IMMEDIATE"):
        poll = Poll.get_by_id(poll_id)
        poll.yes += 1
        poll.save()


def reset(poll_id):
    with db.atomic():
        Poll.update(yes=0).where(Poll.id == poll_id).execute()


pool = ThreadPoolExecutor(max_workers=4)


def on_update(update):
    pool.submit(record_vote, update["poll"])
    pool.submit(reset, update["poll"])
