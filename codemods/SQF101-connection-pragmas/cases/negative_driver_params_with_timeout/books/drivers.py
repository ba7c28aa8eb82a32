"""Drivers for two engines in one module. The SQLite one passes a timeout
(`params["timeout"]`, set after the dict is built), and the MySQL one's keys are
not sqlite3's: nothing reported."""
import sqlite3

import pymysql


class Base:
    module = None

    def connect(self):
        return self.module.connect(**self.params())


class Sqlite(Base):
    module = sqlite3

    def params(self):
        params = {"database": "books.db", "isolation_level": None}
        params["timeout"] = 15
        return params


class Mysql(Base):
    module = pymysql

    def params(self):
        return {"database": "books", "host": "db", "user": "app", "password": "x"}
