"""The context still builds a store per call, but every worker uses it in a
`with` block that closes its connection: connections come and go, none piles up."""
import threading

from store import Store


class ScanContext:
    def __init__(self, path):
        self.path = path

    def store(self):
        return Store(self.path)


def detector(ctx, name):
    with ctx.store() as store:
        store.record(name, 1)


def scan(ctx, names):
    threads = [threading.Thread(target=detector, args=(ctx, n)) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
