"""File-format plug-ins: each dumps the settings into the stream it is given."""
import json

import yaml


class YamlInterface:
    extension = ".yaml"

    def dump(self, data, stream):
        yaml.safe_dump(data, stream, default_flow_style=False)

    def load(self, stream):
        return yaml.safe_load(stream)


class JsonInterface:
    extension = ".json"

    def dump(self, data, stream):
        json.dump(data, stream, indent=2)

    def load(self, stream):
        return json.load(stream)
