from .store import Store


async def untyped(thing):
    # Nothing says what `thing` is: the honest answer is "unknown", no finding.
    return thing.counts()


async def reassigned():
    # The name is rebound to something else before the call.
    store = Store("app.db")
    store = object()
    return store.counts()
