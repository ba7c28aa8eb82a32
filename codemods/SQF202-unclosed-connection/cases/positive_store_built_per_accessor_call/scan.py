"""Every detector thread asks the scan context for its store, and the context
builds a new one per call: each thread opens (and keeps) a connection."""
import threading

from store import Store


class ScanContext:
    def __init__(self, db_path):
        self.db_path = db_path

    def store(self):
        return Store(self.db_path)


def run_detector(ctx, name):
    ctx.store().record(name, 1)


def scan(ctx, detectors):
    threads = [threading.Thread(target=run_detector, args=(ctx, d)) for d in detectors]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


if __name__ == "__main__":
    scan(ScanContext("scan.db"), ["a", "b", "c"])
