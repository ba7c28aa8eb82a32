import db


def configure():
    db.conn.isolation_level = None


def log(line):
    db.conn.execute("INSERT INTO log (line) VALUES (?)", (line,))
