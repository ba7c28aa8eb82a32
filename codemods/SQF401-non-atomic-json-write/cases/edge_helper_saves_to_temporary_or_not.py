"""`_save(filename)` writes its parameter in place. `save()` hands it a
temporary and renames that over the real file, so those calls are atomic;
`save_now()` hands it the real file directly, so the writer is reported: one
call that is not a handed temporary keeps the finding."""
import json
import os
import time


class Store:
    def __init__(self, path):
        self.path = path
        with open(path) as f:
            self.data = json.load(f)

    def _save(self, filename):
        with open(filename, "w") as f:
            json.dump(self.data, f)

    def save(self):
        tmp = self.path + ".new"
        self._save(tmp)
        os.replace(tmp, self.path)

    def save_now(self):
        self._save(self.path)


def main():
    store = Store("state.json")
    while True:
        store.data["t"] = time.time()
        store.save()
        store.save_now()
        time.sleep(5)


if __name__ == "__main__":
    main()
