"""A threaded server: each request runs `handle` on a thread of its own."""
import threading

from sqlalchemy import text

from database import SessionLocal


def handle(item, results):
    db = SessionLocal()
    count = db.execute(text("SELECT count(*) FROM item WHERE name = :n"), {"n": item}).scalar()
    results.append((item, count))


def serve(items):
    results, failures = [], []

    def run(item):
        try:
            handle(item, results)
        except Exception as e:  # noqa: BLE001
            failures.append(type(e).__name__)

    for item in items:
        worker = threading.Thread(target=run, args=(item,))
        worker.start()
        worker.join()
    return sorted(results), failures
