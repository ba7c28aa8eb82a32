"""An in-memory cache with the same class name, guarded by a lock."""
import threading


class ResponseCache:
    def __init__(self):
        self.lock = threading.Lock()
        self.data = {}

    def get(self, key):
        with self.lock:
            return self.data.get(key)
