"""The route fetches the manager from a getter and picks one of its two stores
with a conditional expression. Both stores are sqlite3 wrappers sharing a base
class, so whichever branch runs, the page's COUNT and SELECT run on the event
loop while a thread of the same program writes the file."""

import sqlite3
import threading

from fastapi import FastAPI


class PagedTable:
    table = ""

    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)

    def page(self, offset, limit):
        total = self.conn.execute(f"SELECT COUNT(*) FROM {self.table}").fetchone()[0]
        rows = self.conn.execute(
            f"SELECT id, body FROM {self.table} LIMIT ? OFFSET ?", (limit, offset)
        ).fetchall()
        return total, rows


class WaitingJobs(PagedTable):
    table = "waiting"

    def size(self):
        return self.conn.execute("SELECT COUNT(*) FROM waiting").fetchone()[0]

    def enqueue(self, body):
        with self.conn:
            self.conn.execute("INSERT INTO waiting (body) VALUES (?)", (body,))


class DoneJobs(PagedTable):
    table = "done"


class Jobs:
    def __init__(self, path):
        self.waiting = WaitingJobs(path)
        self.done = DoneJobs(path)


app = FastAPI()


def jobs() -> Jobs:
    return app.state.jobs


@app.on_event("startup")
def open_jobs():
    app.state.jobs = Jobs("jobs.db")
    threading.Thread(target=feeder, daemon=True).start()


@app.get("/jobs/{state}")
async def list_jobs(state: str, offset: int = 0):
    manager = jobs()
    pending = manager.waiting.size()
    table = manager.waiting if state == "waiting" else manager.done
    total, rows = table.page(offset, 50)
    return {"total": total, "rows": rows, "pending": pending}


def feeder():
    while True:
        jobs().waiting.enqueue("tick")
