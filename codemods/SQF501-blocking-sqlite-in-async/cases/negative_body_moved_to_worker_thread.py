"""Handlers that only schedule database work on a worker thread: the call
returns at once and the body runs elsewhere. A decorator says so, either a
library's (Textual's `@work(thread=True)`) or the project's own, which hands
the function to an executor."""
import functools
import sqlite3
from concurrent.futures import ThreadPoolExecutor

from textual.app import App
from textual import work

_pool = ThreadPoolExecutor(max_workers=2)


def in_background(func):
    @functools.wraps(func)
    def submit(*args, **kwargs):
        return _pool.submit(func, *args, **kwargs)

    return submit


@in_background
def rebuild_index(path):
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM search_index")
    conn.execute("INSERT INTO search_index SELECT id, title FROM pages")
    conn.commit()
    conn.close()


def start_rebuild(path):
    # A sync helper that only schedules: it does not block either.
    rebuild_index(path)


class Catalog(App):
    def __init__(self, path):
        super().__init__()
        self.path = path

    @work(exclusive=True, thread=True)
    def reload(self):
        conn = sqlite3.connect(self.path)
        self.rows = conn.execute("SELECT id, title FROM pages").fetchall()
        conn.close()

    async def on_button_pressed(self, event):
        self.reload()
        rebuild_index(self.path)
        start_rebuild(self.path)
