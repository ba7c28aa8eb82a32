"""Views of WSGI frameworks that do not share one connection across request threads."""
import sqlite3
import threading
from contextlib import closing

from django.http import JsonResponse
from flask import Flask, jsonify
from pyramid.view import view_config

app = Flask(__name__)
# Used only by the Flask views below, and this app is served on one thread.
flask_db = sqlite3.connect("flask.db", check_same_thread=False)
# Used by the Pyramid view under a lock.
locked_db = sqlite3.connect("locked.db", check_same_thread=False)
_locked_db_lock = threading.Lock()
_local = threading.local()


@app.route("/count")
def count():
    return jsonify(n=flask_db.execute("SELECT count(*) FROM items").fetchone()[0])


def django_view(request):
    # A connection per request, closed at the end.
    with closing(sqlite3.connect("django.db")) as conn:
        n = conn.execute("SELECT count(*) FROM items").fetchone()[0]
    return JsonResponse({"n": n})


def thread_local_view(request):
    # One connection per request thread.
    conn = getattr(_local, "conn", None)
    if conn is None:
        conn = _local.conn = sqlite3.connect("local.db")
    return JsonResponse({"n": conn.execute("SELECT count(*) FROM items").fetchone()[0]})


@view_config(route_name="total", renderer="json")
def total(request):
    with _locked_db_lock:
        return {"n": locked_db.execute("SELECT count(*) FROM items").fetchone()[0]}


if __name__ == "__main__":
    app.run(threaded=False)
