"""A per-user counter file created when missing and then rewritten in place on
every request by another function: the creation has a second writer, so the
guard says only that the first write creates it; both writes are reported."""
import json
import os

USAGE = "usage/{}.json"


def usage_file(user):
    path = USAGE.format(user)
    if not os.path.exists(path):
        with open(path, "w") as f:
            json.dump({"user": user, "tokens": 0}, f)
    return path


def add_tokens(user, n):
    path = usage_file(user)
    with open(path) as f:
        usage = json.load(f)
    usage["tokens"] += n
    with open(USAGE.format(user), "w") as f:
        json.dump(usage, f)
