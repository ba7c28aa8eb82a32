import db


def put(key, value):
    db.conn.execute("REPLACE INTO cache (key, value) VALUES (?, ?)", (key, value))


def vacuum():
    db.conn.executescript("DELETE FROM cache WHERE stale = 1; VACUUM;")
