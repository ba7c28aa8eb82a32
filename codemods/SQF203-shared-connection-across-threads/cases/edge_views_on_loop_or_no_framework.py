"""Functions shaped like views that no thread of a web server runs."""
import sqlite3

from django.http import JsonResponse

db = sqlite3.connect("app.db", check_same_thread=False)


async def async_view(request):
    # An async Django view runs on the event loop's one thread (a blocking call,
    # not a thread crossing).
    return JsonResponse({"n": db.execute("SELECT count(*) FROM items").fetchone()[0]})


def _helper(payload):
    # Takes no request: not a view, and no view calls it.
    db.execute("INSERT INTO items (v) VALUES (?)", (payload,))
    db.commit()


def main():
    _helper("seed")
