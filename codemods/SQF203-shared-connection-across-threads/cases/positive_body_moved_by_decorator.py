"""A decorator that sends the body to a worker thread: the module connection,
opened at import on the main thread with the default check_same_thread, is
used on the pool's thread (ProgrammingError on every call). Textual's
`@work(thread=True)` does the same to a method using `self.conn`."""
import functools
import sqlite3
from concurrent.futures import ThreadPoolExecutor

from textual import work
from textual.app import App

ledger = sqlite3.connect("ledger.db")
_pool = ThreadPoolExecutor()


def offloaded(func):
    @functools.wraps(func)
    def run(*args, **kwargs):
        return _pool.submit(func, *args, **kwargs)

    return run


@offloaded
def log_transfer(nbytes):
    ledger.execute("INSERT INTO transfers (nbytes) VALUES (?)", (nbytes,))
    ledger.commit()


class Dashboard(App):
    def __init__(self):
        super().__init__()
        self.conn = sqlite3.connect("dashboard.db")

    @work(thread=True)
    def refresh_totals(self):
        self.totals = self.conn.execute("SELECT sum(nbytes) FROM transfers").fetchone()

    async def on_mount(self):
        log_transfer(0)
        self.refresh_totals()
