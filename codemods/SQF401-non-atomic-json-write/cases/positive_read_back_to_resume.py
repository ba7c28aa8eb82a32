"""Files the program reads back to carry on. The run loads its progress file at
start (a torn file is caught and the run starts over: hours of work lost) and
skips the finished items; the settings loader falls back to defaults, which
forgets what the user chose. Both readers go on with what they read."""
import json
import os

OUT = os.environ.get("RUN_DIR", "runs")


def run(items, name):
    progress_path = f"{OUT}/{name}_progress.json"
    finished = set()
    try:
        with open(progress_path) as f:
            finished = set(json.load(f)["finished"])
    except (FileNotFoundError, json.JSONDecodeError):
        pass
    for item in items:
        if item in finished:
            continue
        finished.add(item)
        with open(progress_path, "w") as f:
            json.dump({"finished": sorted(finished)}, f)


class Preferences:
    def __init__(self, folder):
        self.file = os.path.join(folder, "preferences.json")

    def load(self):
        try:
            with open(self.file) as f:
                return json.load(f)
        except ValueError:
            return {"theme": "light"}

    def save(self, prefs):
        with open(self.file, "w") as f:
            json.dump(prefs, f)
