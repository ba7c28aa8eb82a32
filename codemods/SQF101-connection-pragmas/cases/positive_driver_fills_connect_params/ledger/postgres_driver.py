"""Another engine's parameters (`host`, `user`): not sqlite3's, not reported."""
import psycopg2

from .base import Driver


class PostgresDriver(Driver):
    dbapi = psycopg2

    def connection_params(self):
        return {
            "database": self.settings["NAME"],
            "host": self.settings["HOST"],
            "user": self.settings["USER"],
        }
