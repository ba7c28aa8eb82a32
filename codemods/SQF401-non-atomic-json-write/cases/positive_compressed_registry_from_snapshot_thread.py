"""An upload daemon keeps its registry of pending uploads in memory and a
snapshot thread writes it, gzipped, every 30 seconds; at start-up the daemon
loads the registry back to resume those uploads. `gzip.GzipFile(path, "wb")`
opens the file with the builtin `open` underneath, so the old snapshot is gone
when the constructor returns: a kill before the close leaves a short gzip
stream, and the next start cannot load any pending upload."""
import bz2
import gzip
import json
import lzma
import threading
import time

REGISTRY = "/var/lib/uploader/registry.json.gz"
SESSIONS = "/var/lib/uploader/sessions.json.bz2"
RETRIES = "/var/lib/uploader/retries.json.xz"


class Registry:
    def __init__(self):
        self.pending = {}
        self.sessions = {}
        self.retries = {}
        self.lock = threading.Lock()

    def load(self):
        with gzip.open(REGISTRY) as f:
            self.pending = json.loads(f.read())
        with bz2.open(SESSIONS, "rt") as f:
            self.sessions = json.load(f)
        with lzma.open(RETRIES, "rt", encoding="utf-8") as f:
            self.retries = json.load(f)

    def snapshot(self):
        with self.lock:
            j = json.dumps(self.pending).encode()
        with gzip.GzipFile(REGISTRY, "wb") as f:
            f.write(j)
        with bz2.open(SESSIONS, "wt") as f:
            json.dump(self.sessions, f)
        with lzma.open(filename=RETRIES, mode="wt", encoding="utf-8") as f:
            f.write(json.dumps(self.retries))

    def snapshot_forever(self):
        while True:
            time.sleep(30)
            self.snapshot()


def main():
    registry = Registry()
    registry.load()
    threading.Thread(target=registry.snapshot_forever, daemon=True).start()
    serve(registry)


def serve(registry):
    while True:
        time.sleep(1)


if __name__ == "__main__":
    main()
