"""The base of the league's table wrappers: it opens a PostgreSQL connection
and hands out cursors. Subclasses in other modules name no driver at all."""
import psycopg2


class ServerTable:
    def __init__(self, dsn):
        self.conn = psycopg2.connect(dsn)

    def cursor(self):
        return self.conn.cursor()
