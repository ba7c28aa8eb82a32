from lib.metrics.stores import MemoryStore


class Reporter:
    def __init__(self, store=None):
        # DiskStore is the other choice a caller of the library may make.
        self.store = store if store is not None else MemoryStore()

    def send(self, event):
        self.store[event] = True
        self.store.save()
