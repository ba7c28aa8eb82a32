"""A stand-up bot on peewee: each vote reads the poll's participants, then
saves the counts, inside `db.atomic()`; the bot handles updates on a pool of
worker threads, so two votes overlap and one fails at once on the upgrade."""
from concurrent.futures import ThreadPoolExecutor

from peewee import CharField, IntegerField, Model, SqliteDatabase

db = SqliteDatabase("standup.db", pragmas={"journal_mode": "wal", "busy_timeout": 5000})


class Poll(Model):
    title = CharField()
    yes = IntegerField(default=0)
    no = IntegerField(default=0)

    class Meta:
        database = db


class Participant(Model):
    poll_id = IntegerField()
    user_id = IntegerField()

    class Meta:
        database = db


def record_vote(poll_id, user_id, yes):
    with db.atomic():
        voters = [p.user_id for p in Participant.select().where(Participant.poll_id == poll_id)]
        poll = Poll.get_by_id(poll_id)
        if user_id not in voters:
            Participant.create(poll_id=poll_id, user_id=user_id)
        if yes:
            poll.yes += 1
        else:
            poll.no += 1
        poll.save()


@db.atomic()
def close_poll(poll_id):
    poll = Poll.get(Poll.id == poll_id)
    Poll.update(title=poll.title + " (closed)").where(Poll.id == poll_id).execute()


pool = ThreadPoolExecutor(max_workers=4)


def on_update(update):
    if update["kind"] == "vote":
        pool.submit(record_vote, update["poll"], update["user"], update["yes"])
    else:
        pool.submit(close_poll, update["poll"])
