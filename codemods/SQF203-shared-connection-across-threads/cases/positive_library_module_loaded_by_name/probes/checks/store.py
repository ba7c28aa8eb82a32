import sqlite3

# One connection for every caller, whatever thread it calls from.
db_connection = sqlite3.connect("probes.db", check_same_thread=False)


def run_store(value):
    cur = db_connection.execute("INSERT INTO seen (value) VALUES (?)", (value,))
    db_connection.commit()
    return cur.lastrowid
