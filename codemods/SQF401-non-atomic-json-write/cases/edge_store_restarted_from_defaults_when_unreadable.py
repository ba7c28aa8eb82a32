"""The reader starts over from defaults when the file cannot be read
(`dict(DEFAULTS)`, a default-making helper): that is not a recomputation, the
user's entries are gone. The program saves its entries in place. Reported."""
import json

DEFAULTS = {"theme": "light", "favourites": []}
PREFS = "prefs.json"


def default_prefs(base):
    return dict(base)


def load_prefs():
    try:
        with open(PREFS) as fh:
            return json.load(fh)
    except ValueError:
        return default_prefs(DEFAULTS)


def add_favourite(item):
    prefs = load_prefs()
    prefs["favourites"].append(item)
    with open(PREFS, "w") as fh:
        json.dump(prefs, fh)
