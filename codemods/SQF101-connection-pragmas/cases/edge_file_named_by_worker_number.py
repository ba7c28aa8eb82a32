"""Edge: a file name built from a worker number the caller passes, or from the
process id passed through a function sqlfix cannot see into, is not known to
be private: two workers may be given one number, and `shard_of(pid)` may map
many processes to one shard. Both stay reported; the file named by the process
id itself is not."""
import multiprocessing
import os
import sqlite3


def shard_of(pid):
    return str(pid % 2)


def worker(num):
    conn = sqlite3.connect("out/worker_" + str(num) + ".db")
    conn.execute("INSERT INTO log VALUES (?)", (num,))
    conn.commit()
    conn.close()


def sharded():
    pid = os.getpid()
    conn = sqlite3.connect("out/shard_" + shard_of(pid) + ".db")
    conn.execute("INSERT INTO log VALUES (?)", (pid,))
    conn.commit()
    conn.close()


def own():
    pid = os.getpid()
    conn = sqlite3.connect(f"out/own_{pid}.db")
    conn.execute("INSERT INTO log VALUES (?)", (pid,))
    conn.commit()
    conn.close()


if __name__ == "__main__":
    procs = [multiprocessing.Process(target=worker, args=(n % 2,)) for n in range(4)]
    procs += [multiprocessing.Process(target=sharded) for _ in range(4)]
    procs += [multiprocessing.Process(target=own) for _ in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
