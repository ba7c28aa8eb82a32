"""Labelled from huey 2.5 (deliberate): a fixed `.tmp` name written only under
the storage's lock, which every caller takes.

Judged: no finding (SQF404 would be a false positive: the writers cannot overlap).
"""
import os
import threading


class FileStorage:
    def __init__(self, path):
        self.path = path
        self.lock = threading.Lock()

    def put_data(self, key, value):
        with self.lock:
            self._put_data(key, value)

    def put_if_empty(self, key, value):
        with self.lock:
            if os.path.exists(os.path.join(self.path, key)):
                return False
            self._put_data(key, value)
            return True

    def _put_data(self, key, value):
        # Caller holds the lock.
        filename = os.path.join(self.path, key)
        tmp = filename + ".tmp"
        with open(tmp, "wb") as fh:
            fh.write(value)
        os.replace(tmp, filename)
