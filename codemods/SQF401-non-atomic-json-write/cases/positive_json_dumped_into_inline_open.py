import json
import threading


class Store:
    def __init__(self, path):
        self.path = path
        self.data = self.load()

    def load(self):
        try:
            return json.load(open(self.path, "rt"))
        except FileNotFoundError:
            return {}

    def set(self, key, value):
        self.data[key] = value
        t = threading.Thread(target=self.dump)
        t.start()
        t.join()

    def dump(self):
        json.dump(self.data, open(self.path, "wt"))
