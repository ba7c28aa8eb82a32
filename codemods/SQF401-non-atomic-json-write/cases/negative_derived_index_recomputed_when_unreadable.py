"""A derived file the program computes again from its source when it cannot
read it: the reader catches the decode error and rebuilds the index from the
documents folder (returning it, or binding it and carrying on), then saves it.
A torn index costs one rebuild, as a missing one does. Not reported."""
import json
import os

DOCS = "documents"
INDEX = "search_index.json"
STATS = "word_stats.json"


def build_index(folder):
    return {name: os.path.getsize(os.path.join(folder, name)) for name in os.listdir(folder)}


def save_index(index):
    with open(INDEX, "w") as fh:
        json.dump(index, fh)


def load_index():
    try:
        with open(INDEX) as fh:
            return json.load(fh)
    except (OSError, json.JSONDecodeError):
        return build_index(DOCS)


def count_words(folder):
    return {name: 1 for name in os.listdir(folder)}


def word_stats():
    try:
        with open(STATS) as fh:
            stats = json.load(fh)
    except (OSError, ValueError):
        stats = count_words(DOCS)
        with open(STATS, "w") as fh:
            json.dump(stats, fh)
    return stats
