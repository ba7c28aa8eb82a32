"""Negative: the worker opens a session of its own for each pass and only the
window thread uses the module's session."""
import threading
import time

import requests

from quotes.database import Session
from quotes.models import Quote


def refresh(session):
    for quote in session.query(Quote).all():
        quote.price = requests.get("https://example.invalid/q", params={"s": quote.symbol}).json()["p"]
    session.commit()


class QuoteWorker(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)

    def run(self):
        while True:
            with Session() as session:
                refresh(session)
            time.sleep(30)
