import json

STORE_PATH = "data/store.json"


class Store:
    def __init__(self):
        with open(STORE_PATH) as fh:
            self.data = json.load(fh)

    def add(self, item):
        self.data["items"].append(item)
        with open(STORE_PATH, "w") as fh:
            json.dump(self.data, fh)
