"""Still checkpoints: the function reads the saved state, changes it and
writes it back (the value written is the one read), and a reader that parses
the saved state with no recovery at all."""

import json
import os

import requests

PROGRESS = "crawl_progress.json"
SEEN = "seen_pages.json"


def mark_done(page):
    if os.path.exists(PROGRESS):
        with open(PROGRESS) as fh:
            progress = json.load(fh)
        if page in progress["done"]:
            return progress
    else:
        progress = {"done": []}
    progress["done"].append(page)
    with open(PROGRESS, "w") as fh:
        json.dump(progress, fh)
    return progress


def remember_seen(url, seen):
    seen.append(url)
    with open(SEEN, "w") as fh:
        json.dump(seen, fh)


def crawl(urls):
    with open(SEEN) as fh:
        seen = json.load(fh)
    for url in urls:
        if url not in seen:
            requests.get(url, timeout=10)
            remember_seen(url, seen)
