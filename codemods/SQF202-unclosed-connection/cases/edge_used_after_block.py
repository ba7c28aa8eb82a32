import sqlite3


def report(path):
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO log VALUES ('start')")
    return conn.execute("SELECT count(*) FROM log").fetchone()[0]


def one_liner(path):
    conn = sqlite3.connect(path); conn.execute("DELETE FROM t"); conn.commit()
