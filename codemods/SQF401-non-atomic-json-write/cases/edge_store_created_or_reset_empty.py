"""A store file written with nothing in it: created empty at start when it is
missing (tested through another spelling of the path than the write's), and
reset to empty by an admin command. Whatever the file held is being thrown
away by the write itself, so a torn write loses nothing. Not reported; the
writes that carry entries are (below)."""
import json
import os
from pathlib import Path

DATA = Path("data")
WATCHLIST = DATA / "watchlist.json"


def ensure_store():
    if not os.path.isfile(str(WATCHLIST)):
        WATCHLIST.write_text(json.dumps({}))


def clear_watchlist():
    with open(WATCHLIST, "w") as fh:
        json.dump({}, fh)


def clear_history():
    with open(DATA / "history.json", "w") as fh:
        fh.write("[]")


def watchlist():
    with open(WATCHLIST) as fh:
        return json.load(fh)


def history():
    with open(DATA / "history.json") as fh:
        return json.load(fh)


def watch(symbol):
    current = watchlist()
    current[symbol] = True
    # Carries entries: reported.
    with open(WATCHLIST, "w") as fh:
        json.dump(current, fh)
