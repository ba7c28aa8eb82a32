"""A report script that takes one cursor of a fresh connection at import and
runs to the end: one connection for the life of the process, closed when it
exits, so nothing piles up (not reported). The helper below it runs on a
thread per input file and leaks one connection per call (reported)."""
import sqlite3
import sys
import threading

cur = sqlite3.connect("report.db").cursor()
cur.execute("CREATE TABLE IF NOT EXISTS seen (name TEXT)")


def count_rows(path):
    other = sqlite3.connect(path).cursor()
    other.execute("UPDATE stats SET visits = visits + 1")
    other.execute("SELECT count(*) FROM stats")
    print(path, other.fetchone()[0])


workers = []
for name in sys.argv[1:]:
    cur.execute("INSERT INTO seen VALUES (?)", (name,))
    workers.append(threading.Thread(target=count_rows, args=(name,)))
    workers[-1].start()
for w in workers:
    w.join()
cur.connection.commit()
