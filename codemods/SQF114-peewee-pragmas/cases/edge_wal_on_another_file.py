"""WAL is a property of each file: the cache file is switched to WAL with sqlite3,
but the peewee database lives in another file that stays in the rollback journal,
so its missing journal_mode is still reported. The orders database, switched to WAL
by the same start-up script, only lacks synchronous, which is not reported."""
import sqlite3
import threading

from peewee import CharField, Model, SqliteDatabase

CACHE_PATH = "cache.db"

cache = sqlite3.connect(CACHE_PATH)
cache.execute("PRAGMA journal_mode=WAL")

accounts = SqliteDatabase("accounts.db", pragmas={"foreign_keys": 1})

orders_boot = sqlite3.connect("orders.db")
orders_boot.execute("PRAGMA journal_mode=WAL")
orders = SqliteDatabase("orders.db", pragmas={"foreign_keys": 1})


class Account(Model):
    name = CharField()

    class Meta:
        database = accounts


def signup(name):
    with accounts.atomic():
        Account.create(name=name)


threading.Thread(target=signup, args=("a",)).start()
