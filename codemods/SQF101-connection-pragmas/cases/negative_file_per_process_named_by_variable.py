"""Writer processes drain a queue, each into a file of its own: the process id
is read into a variable first and the file name is built around it (by `+`,
an f-string, `%` or `os.path.join`). No two processes open one file, so no
connection waits on another's lock."""
import multiprocessing
import os
import sqlite3


def drain(queue):
    pid = os.getpid()
    conn = sqlite3.connect("out/part_" + str(pid) + ".db")
    cur = conn.cursor()
    cur.execute("CREATE TABLE IF NOT EXISTS rows (k TEXT, v TEXT)")
    while True:
        item = queue.get()
        if item is None:
            break
        cur.execute("INSERT INTO rows VALUES (?, ?)", item)
    conn.commit()
    cur.close()


def summarize(queue):
    me = os.getpid()
    name = "stats_%d.db" % me
    db = sqlite3.connect(os.path.join("out", name))
    db.execute("INSERT INTO stats VALUES (?)", (queue.qsize(),))
    db.commit()
    db.close()


if __name__ == "__main__":
    q = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=drain, args=(q,)) for _ in range(4)]
    workers.append(multiprocessing.Process(target=summarize, args=(q,)))
    for w in workers:
        w.start()
    for w in workers:
        w.join()
