"""The default storage: MySQL through pymysql."""
import pymysql


class MySQLStore:
    def __init__(self, host, name):
        self.host, self.name = host, name

    def add(self, name):
        conn = pymysql.connect(host=self.host, database=self.name)
        with conn.cursor() as cur:
            cur.execute("INSERT INTO events (name) VALUES (%s)", (name,))
        conn.commit()
        conn.close()
