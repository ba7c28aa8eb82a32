"""The database is declared without a path and with its pragmas; a service class
supplies the real path at start-up. The web handlers and the background sync thread
both use it. init() passes no pragmas, so the declared ones are the ones that run:
WAL is missing there, and that is where it goes."""
import threading

from peewee import CharField, Model, SqliteDatabase

database = SqliteDatabase(
    None,
    pragmas={
        "foreign_keys": 1,
        "busy_timeout": 10000,
    },
)


class Note(Model):
    body = CharField()

    class Meta:
        database = database


class NoteService:
    def __init__(self, data_dir):
        database.init(f"{data_dir}/notes.db")
        database.create_tables([Note])

    def add(self, body):
        with database.atomic():
            Note.create(body=body)


def sync_forever(service):
    while True:
        service.add("synced")


def start(data_dir):
    service = NoteService(data_dir)
    threading.Thread(target=sync_forever, args=(service,), daemon=True).start()
    return service
