"""A store file written with nothing in it. Created empty at start when it is
missing (tested through another spelling of the path than the write's): there
is nothing to lose and no reader yet, so not reported. Reset to empty by an
admin command while the program runs: the old entries are being thrown away,
but a reader beside the reset, between the truncate and the dump, finds an
empty file that is not JSON and fails. Reported, like the writes that carry
entries (below); `clear_history` spells its JSON out as text, the same reset.
`take_visitors` clears the file in the branch where it exists and has just
been read (reported) and creates it in the `else` (not reported)."""
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


def take_visitors():
    path = DATA / "visitors.json"
    if path.exists():
        with open(path) as fh:
            seen = json.load(fh)
        # Cleared while the file is there and read: reported.
        with open(path, "w") as fh:
            json.dump([], fh)
        return seen
    else:
        # Created where it is missing: not reported.
        with open(path, "w") as fh:
            json.dump([], fh)
        return []


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
