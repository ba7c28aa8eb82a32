"""NiceGUI handlers that hand the query to `run.io_bound` (a thread), and a
sync helper nothing registers: nothing runs sqlite3 on the loop."""
import sqlite3

from nicegui import run, ui

DB = "stats.db"


def load_stats():
    with sqlite3.connect(DB) as conn:
        return conn.execute("SELECT count(*) FROM events").fetchone()[0]


async def show():
    count = await run.io_bound(load_stats)
    ui.notify(f"{count} events")


ui.button("Stats", on_click=show)
ui.run()
