"""Every transaction is one INSERT, but the writers are worker processes of a
multiprocessing pool, each with its own connection: nothing in the program
orders them, and each holds the file's lock through its commit's fsync. The
missing WAL and wait are reported, naming the processes."""

import multiprocessing
import sqlite3

RESULTS_DB = "results.sqlite3"


def measure(sample):
    value = sum(ord(c) for c in sample)
    db = sqlite3.connect(RESULTS_DB)
    db.execute("INSERT INTO results (sample, value) VALUES (?, ?)", (sample, value))
    db.commit()
    db.close()
    return value


def main(samples):
    with multiprocessing.Pool(8) as pool:
        pool.map(measure, samples)


if __name__ == "__main__":
    main(["a", "b", "c"])
