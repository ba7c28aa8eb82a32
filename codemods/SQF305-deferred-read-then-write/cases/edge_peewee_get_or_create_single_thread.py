"""The same try/except get-or-create in a program that runs it on one thread
only (a command-line import, one record after another), by name and by id:
no second worker can miss the key at the same time, so neither is reported."""
import sys

from peewee import CharField, Model, SqliteDatabase

db = SqliteDatabase("tags.db", pragmas={"journal_mode": "wal", "synchronous": "normal"})


class Tag(Model):
    name = CharField()

    class Meta:
        database = db


def import_tag(name):
    try:
        return Tag.get(Tag.name == name)
    except Tag.DoesNotExist:
        return Tag.create(name=name)


def touch(tag_id):
    try:
        return Tag.get_by_id(tag_id)
    except Tag.DoesNotExist:
        return Tag.create(id=tag_id, name=str(tag_id))


def main():
    for line in sys.stdin:
        if line.strip().isdigit():
            touch(int(line))
        else:
            import_tag(line.strip())


if __name__ == "__main__":
    main()
