"""The sync engine: a watcher thread and an uploader thread both record what
they did in the one state store."""
import threading
import time

from storage import StateStore


class SyncEngine:
    def __init__(self, path):
        self.state = StateStore(path)

    def start(self):
        threading.Thread(target=self._watch, daemon=True).start()
        threading.Thread(target=self._upload, daemon=True).start()

    def _watch(self):
        while True:
            for name in self._changed():
                if self.state.lookup(name) is None:
                    self.state.create(name, "new")
                else:
                    self.state.update(name, "changed")
            time.sleep(1)

    def _upload(self):
        while True:
            for name in self._gone():
                self.state.delete(name)
            time.sleep(1)

    def _changed(self):
        return []

    def _gone(self):
        return []


def main():
    SyncEngine("state.db").start()
    while True:
        time.sleep(60)


if __name__ == "__main__":
    main()
