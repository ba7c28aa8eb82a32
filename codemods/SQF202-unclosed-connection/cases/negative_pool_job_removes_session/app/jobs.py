"""Price refresh every minute on APScheduler's worker threads; the job removes
the thread's session when it ends, on every path."""
from apscheduler.schedulers.background import BackgroundScheduler

from app import models
from app.quotes import fetch_price

scheduler = BackgroundScheduler()


def refresh_prices():
    try:
        names = models.watched_symbols()
        if not names:
            return
        for name in names:
            models.save_price(name, fetch_price(name))
    finally:
        models.db_session.remove()


def start():
    scheduler.add_job(refresh_prices, "interval", minutes=1)
    scheduler.start()
