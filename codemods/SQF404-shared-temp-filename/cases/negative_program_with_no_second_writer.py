"""A desktop tray app run as a script: it saves its settings from its one UI
thread and starts no thread or process, so no second writer can share the fixed
temporary name."""
import json
import os
import sys

STATE_PATH = os.path.expanduser("~/.config/tray/state.json")


class Tray:
    def __init__(self):
        self.settings = {}

    def save(self, payload):
        temporary = STATE_PATH + ".tmp"
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump(payload, handle)
        os.replace(temporary, STATE_PATH)
        self.settings.update(payload)


if __name__ == "__main__":
    Tray().save({"argv": sys.argv[1:]})
