"""Two routes reach a SQLite store through a local that is set in the arms of
a `match` or an `if`, or through `getattr` with one of two attribute names
written out as literals. Each arm names a sqlite3 store, so each call blocks
the loop while the import thread writes."""

import sqlite3
import threading

from aiohttp import web


class Ledger:
    def __init__(self, path, table):
        self.path = path
        self.table = table

    def recent(self, n):
        conn = sqlite3.connect(self.path)
        try:
            return conn.execute(
                f"SELECT * FROM {self.table} ORDER BY id DESC LIMIT ?", (n,)
            ).fetchall()
        finally:
            conn.close()

    def record(self, amount):
        conn = sqlite3.connect(self.path)
        with conn:
            conn.execute(f"INSERT INTO {self.table} (amount) VALUES (?)", (amount,))
        conn.close()


class Books:
    def __init__(self):
        self.sales = Ledger("books.db", "sales")
        self.refunds = Ledger("books.db", "refunds")


books = Books()


async def recent(request):
    match request.match_info["kind"]:
        case "sales":
            ledger = books.sales
        case _:
            ledger = books.refunds
    return web.json_response(ledger.recent(20))


async def recent_by_name(request):
    if request.query.get("refunds"):
        attribute = "refunds"
    else:
        attribute = "sales"
    ledger = getattr(books, attribute)
    return web.json_response(ledger.recent(20))


def import_sales(lines):
    for line in lines:
        books.sales.record(float(line))


app = web.Application()
app.router.add_get("/recent/{kind}", recent)
app.router.add_get("/recent", recent_by_name)
threading.Thread(target=import_sales, args=(open("sales.txt"),), daemon=True).start()
