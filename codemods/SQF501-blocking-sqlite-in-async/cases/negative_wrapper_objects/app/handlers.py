import asyncio

from .store import AsyncStore, Cache, Store


def cli_report(path):
    # Sync CLI code: no event loop to block.
    store = Store(path)
    print(store.counts())


async def async_driver():
    store = AsyncStore("app.db")
    return await store.counts()


async def not_a_database():
    cache = Cache()
    return cache.counts()


async def created_and_used_in_a_worker():
    def work():
        store = Store("app.db")
        return store.counts()

    return await asyncio.to_thread(work)
