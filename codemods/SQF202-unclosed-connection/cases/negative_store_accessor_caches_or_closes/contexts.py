"""Accessors that build their store once (a guarded attribute, cached_property,
lru_cache), a factory the caller owns, and a closeable store the callers close."""
import functools
import threading

from store import ClosingStore, Store


class CachedContext:
    def __init__(self, path):
        self.path = path
        self._store = None
        self._lock = threading.Lock()

    def store(self):
        with self._lock:
            if self._store is None:
                self._store = Store(self.path)
            return self._store


class PropertyContext:
    def __init__(self, path):
        self.path = path

    @functools.cached_property
    def store(self):
        return Store(self.path)


class MemoContext:
    def __init__(self, path):
        self.path = path

    @functools.lru_cache(maxsize=None)
    def store(self):
        return Store(self.path)


class ClosingContext:
    def __init__(self, path):
        self.path = path

    def store(self):
        return ClosingStore(self.path)


def work(ctx, name):
    ctx.store().record(name, 1)


def closing_work(ctx, name):
    store = ctx.store()
    try:
        store.record(name, 1)
    finally:
        store.close()


def run(names):
    contexts = [CachedContext("a.db"), PropertyContext("b.db"), MemoContext("c.db")]
    threads = [threading.Thread(target=work, args=(c, n)) for c in contexts for n in names]
    threads += [
        threading.Thread(target=closing_work, args=(ClosingContext("d.db"), n)) for n in names
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
