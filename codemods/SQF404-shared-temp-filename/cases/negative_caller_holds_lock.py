"""A fixed `.tmp` name, written only by a method that every caller runs under
the storage's lock, and one written under the lock itself: two writers never
overlap."""

import json
import os
import threading


class Store:
    def __init__(self, root):
        self.root = root
        self.lock = threading.Lock()

    def put(self, key, data):
        with self.lock:
            self._put(key, data)

    def put_new(self, key, data):
        with self.lock:
            if not os.path.exists(os.path.join(self.root, key)):
                self._put(key, data)

    def _put(self, key, data):
        path = os.path.join(self.root, key)
        tmp = path + ".tmp"
        with open(tmp, "w") as fh:
            json.dump(data, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)

    def save_status(self, path, data):
        with self.lock:
            tmp = path + ".tmp"
            with open(tmp, "w") as fh:
                json.dump(data, fh)
            os.replace(tmp, path)
