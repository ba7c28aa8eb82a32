"""`@queue.route(...)` of a task queue another module makes is not a web
app's route: its sessions run where the worker loop calls them."""
from sqlalchemy import text

from handlers import Session
from tasks import queue


@queue.route("nightly")
def nightly():
    db = Session()
    db.execute(text("DELETE FROM item WHERE archived = 1"))
    db.commit()
