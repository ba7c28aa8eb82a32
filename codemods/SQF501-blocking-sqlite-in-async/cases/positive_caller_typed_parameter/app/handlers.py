from .audit import Audit, Notifier, record
from .store import Store


async def on_limit(path):
    store = Store(path)
    Audit(store).log("rate limited")


async def on_login(path):
    store = Store(path)
    record(store, "login")


async def on_logout(path):
    Notifier(db=Store(path)).notify("logout")
