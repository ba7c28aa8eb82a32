"""A desktop app keeps its settings in YAML through ruamel's round-trip
serializer, an object made once at module level. `save()` opens the only copy
of the config for writing and lets the serializer dump into it; `load()` reads
it back at every start. `open(path, "w")` truncates the file first: a crash or
a full disk mid-dump leaves a short or empty config, and the next start finds
no settings. The same with the serializer kept on the instance."""
import os

from ruamel.yaml import YAML

yaml = YAML()
yaml.indent(mapping=2, sequence=4, offset=2)

CONFIG_PATH = os.path.expanduser("~/.config/tagger/config.yaml")


class Config:
    def __init__(self, path=CONFIG_PATH):
        self.path = path
        self.data = self.load()

    def load(self):
        if not os.path.exists(self.path):
            return {}
        with open(self.path) as f:
            return yaml.load(f) or {}

    def save(self):
        with open(self.path, "w") as f:
            yaml.dump(self.data, f)

    def set(self, key, value):
        self.data[key] = value
        self.save()


class Library:
    def __init__(self, path):
        import ruamel.yaml

        self.path = path
        self._yaml = ruamel.yaml.YAML(typ="safe")
        with open(path) as f:
            self.items = self._yaml.load(f)

    def add(self, item):
        self.items.append(item)
        with open(self.path, "w") as f:
            self._yaml.dump(self.items, f)
