"""A read-then-write in `db.atomic()` in a one-shot script: nothing else
runs against the file while it does, so no overlap and nothing to report."""
from peewee import IntegerField, Model, SqliteDatabase

db = SqliteDatabase("standup.db")


class Poll(Model):
    yes = IntegerField(default=0)

    class Meta:
        database = db


def main():
    with db.atomic():
        for poll in Poll.select():
            poll.yes = 0
            poll.save()


if __name__ == "__main__":
    main()
