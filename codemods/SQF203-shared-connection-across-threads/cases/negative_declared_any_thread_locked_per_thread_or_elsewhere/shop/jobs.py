"""The restocking job, on a scheduler's thread, handed the stores by argument."""
from apscheduler.schedulers.background import BackgroundScheduler

from shop.stock import Counter, Ledger, Shelf


def restock(ledger, shelf, counter):
    if counter.count() < 100:
        ledger.credit("bolt", 50)
        shelf.place("bolt", "B2")


def start(path):
    scheduler = BackgroundScheduler()
    scheduler.add_job(restock, "interval", minutes=5, args=(Ledger(path), Shelf(path), Counter(path)))
    scheduler.start()
    return scheduler
