"""Files written only while they do not exist, by no other code: a key pair
generated at first start (after `if exists: return`), a default profile in the
`else` of a load, a metadata side file made once per downloaded item (a loop
that `continue`s past items that have one). Each creates its file: a crash
tears nothing anyone had, and nothing rewrites it. Not reported, though each is
read back."""
import json
import os
from pathlib import Path

KEYS = os.path.expanduser("~/.relay/keys.json")
PROFILE = Path.home() / ".relay" / "profile.json"


def ensure_keys(generate):
    if os.path.exists(KEYS):
        return
    private, public = generate()
    with open(KEYS, "w") as f:
        json.dump({"private": private, "public": public}, f)


def keys():
    with open(KEYS) as f:
        return json.load(f)


def profile(user):
    if PROFILE.is_file():
        return json.loads(PROFILE.read_text())
    else:
        data = {"name": user, "created": 1}
        PROFILE.write_text(json.dumps(data))
        return data


def describe(items, fetch_info):
    for item in items:
        side = item.path + ".info.json"
        if os.path.isfile(side):
            continue
        with open(side, "w") as f:
            json.dump(fetch_info(item), f)


def info_of(item):
    with open(item.path + ".info.json") as f:
        return json.load(f)
