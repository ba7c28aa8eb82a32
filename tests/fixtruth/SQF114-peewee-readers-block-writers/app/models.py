from peewee import CharField, IntegerField, Model, SqliteDatabase

db = SqliteDatabase(None)


class Page(Model):
    doc = CharField()
    n = IntegerField()

    class Meta:
        database = db


def init(path):
    db.init(path, timeout=0.3)
    with db.connection_context():
        db.create_tables([Page])


def save_page(doc, n):
    with db.connection_context():
        Page.create(doc=doc, n=n)


def pages():
    with db.connection_context():
        return [(p.doc, p.n) for p in Page.select().order_by(Page.doc, Page.n)]
