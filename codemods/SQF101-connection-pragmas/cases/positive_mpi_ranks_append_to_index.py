"""An index of records kept by an object on its own connection, written by
every rank of an MPI job: the ranks are processes started together, each
appending with Python's default wait. The missing timeout and WAL are
reported on the constructor's connect."""

import sqlite3

from mpi4py import MPI


class RecordIndex:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)
        self.conn.execute("CREATE TABLE IF NOT EXISTS records (rank INTEGER, name TEXT)")

    def add(self, rank, name):
        self.conn.execute("INSERT INTO records VALUES (?, ?)", (rank, name))
        self.conn.commit()


def run():
    rank = MPI.COMM_WORLD.Get_rank()
    index = RecordIndex("/shared/run/index.sqlite3")
    for i in range(100):
        index.add(rank, f"record-{i}")


if __name__ == "__main__":
    run()
