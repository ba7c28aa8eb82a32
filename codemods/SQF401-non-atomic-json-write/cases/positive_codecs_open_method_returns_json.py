"""A build tool keeps each device's storage in a JSON file, rewritten after
every compile while a dashboard process reads it. The text comes from the
class's own `to_json()`, whose every return is `json.dumps(...)` (with a
line end added), and
`codecs.open(path, "w", encoding=...)` empties the file before it is written.
"""
import codecs
import json
import os


class DeviceStorage:
    def __init__(self, path):
        self.path = path
        self.data = {}
        if os.path.exists(path):
            with codecs.open(path, "r", encoding="utf-8") as f:
                self.data = json.loads(f.read())

    def to_json(self):
        return json.dumps(self.data, indent=2, sort_keys=True) + "\n"

    def set(self, key, value):
        self.data[key] = value
        self.save()

    def save(self):
        with codecs.open(self.path, "w", encoding="utf-8") as f:
            f.write(self.to_json())
