"""The installed package reads the version file the build wrote, and keeps its
own settings file, which it reads back at start and rewrites in place: that
write is the program's, and is reported."""
import json
import os

HERE = os.path.dirname(__file__)


def version():
    with open(os.path.join(HERE, "version")) as f:
        return json.load(f)["short"]


def load_prefs():
    with open(os.path.join(HERE, "prefs.json")) as f:
        return json.load(f)


def save_prefs(prefs):
    with open(os.path.join(HERE, "prefs.json"), "w") as f:
        json.dump(prefs, f)
