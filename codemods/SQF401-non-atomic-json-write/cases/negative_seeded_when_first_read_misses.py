"""A bot keeps its canned replies in a bundled file. The first read that finds
the file missing creates it with an empty mapping (a name bound to a literal);
nothing writes it afterwards. The created file held nothing anyone had, so a
torn first write loses nothing. Not reported."""
import json
from pathlib import Path

REPLIES = Path("data") / "replies.json"


def replies():
    try:
        with open(REPLIES, encoding="utf-8") as fh:
            return json.load(fh)
    except FileNotFoundError:
        blank: dict = {}
        with open(REPLIES, "w", encoding="utf-8") as fh:
            json.dump(blank, fh)
        return blank
