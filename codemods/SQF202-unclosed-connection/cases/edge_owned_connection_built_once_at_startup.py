"""A wrapper with no `close()` whose only instances are built by the start-up
hook and the `main()` entry point (once per process, closed at exit), and a
second wrapper built per request whose connection is the process's shared one
handed in by the caller (it opens nothing of its own): no leak to report."""
import sqlite3

from fastapi import FastAPI, Request

app = FastAPI()
shared = sqlite3.connect("app.db", check_same_thread=False)


class Db:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)


class View:
    def __init__(self, conn):
        self.conn = conn

    def count(self):
        return self.conn.execute("SELECT count(*) FROM t").fetchone()[0]


@app.on_event("startup")
def startup():
    app.state.db = Db("app.db")


@app.get("/n")
def n(request: Request):
    return {"n": View(shared).count()}


def main():
    db = Db("app.db")
    print(db.conn.execute("SELECT count(*) FROM t").fetchone())


if __name__ == "__main__":
    main()
