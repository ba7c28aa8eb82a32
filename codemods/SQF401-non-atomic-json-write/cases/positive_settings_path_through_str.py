"""A settings model keeps its file as a Path attribute and opens it through
`str(...)` (and an f-string) on both sides: still the same file. The loader
recovers from "corrupted settings" by starting over with defaults, which loses
what the user chose."""
import json
from pathlib import Path


class Settings:
    def __init__(self, folder: Path):
        self._settings_file = folder / "settings.json"
        self.values = {}

    def _to_dict(self):
        return dict(self.values)

    def load(self):
        try:
            with open(str(self._settings_file), "r") as file:
                self.values = json.load(file)
        except (OSError, json.JSONDecodeError):
            print("corrupted settings, using defaults")
            self.values = {}

    def save(self):
        with open(str(self._settings_file), "w") as file:
            json.dump(self._to_dict(), file, indent=4)


class Layout:
    def __init__(self, root):
        self.layout_path = Path(root) / "layout.json"

    def restore(self):
        with open(f"{self.layout_path}") as fh:
            return json.load(fh)

    def store(self, layout):
        with open(f"{self.layout_path}", "w") as fh:
            json.dump(layout, fh)
