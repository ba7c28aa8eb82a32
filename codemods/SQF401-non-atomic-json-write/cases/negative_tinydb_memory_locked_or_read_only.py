"""TinyDB stores that do not rewrite a file others read torn: one in memory,
one opened (and read and written) only inside a file lock every user of the
store takes, and one the program only reads."""
from filelock import FileLock
from tinydb import Query, TinyDB
from tinydb.storages import MemoryStorage

PATH = "/var/lib/app/store.json"


def scratch_counts(items):
    db = TinyDB(storage=MemoryStorage)
    for item in items:
        db.insert({"item": item})
    return len(db)


def save_status(key, value):
    with FileLock(PATH + ".lock"):
        db = TinyDB(PATH)
        db.upsert({"key": key, "value": value}, Query().key == key)
        db.close()


def catalogue(path):
    db = TinyDB(path, access_mode="r")
    return db.all()

