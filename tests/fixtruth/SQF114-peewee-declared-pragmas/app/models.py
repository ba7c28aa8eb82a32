from peewee import CharField, ForeignKeyField, IntegrityError, IntegerField, Model, SqliteDatabase

db = SqliteDatabase(None, pragmas={"foreign_keys": 1})


class Shelf(Model):
    name = CharField()

    class Meta:
        database = db


class Book(Model):
    shelf = ForeignKeyField(Shelf)
    title = CharField()
    n = IntegerField()

    class Meta:
        database = db


def init(path):
    db.init(path, timeout=0.3)
    with db.connection_context():
        db.create_tables([Shelf, Book])
        Shelf.create(name="main")


def save_book(title, n):
    with db.connection_context():
        Book.create(shelf=1, title=title, n=n)


def orphan_rejected():
    """Whether a book on a shelf that does not exist is refused (foreign keys on)."""
    with db.connection_context():
        try:
            Book.create(shelf=999, title="orphan", n=0)
        except IntegrityError:
            return True
        return False


def books():
    with db.connection_context():
        return [(b.title, b.n) for b in Book.select().order_by(Book.title, Book.n)]
