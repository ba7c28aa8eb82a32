"""The program's settings object, imported wherever a path is needed."""
import json


class Settings:
    def __init__(self, path):
        self.path = path
        self.values = {}

    def get(self, key):
        return self.values.get(key)

    def load(self):
        with open(self.get("state_file") or self.path) as f:
            self.values = json.load(f)


config = Settings("settings.json")
