import json
import os

from .files import write_file

STATS_FILE = os.path.join("data", "stats.json")


def load_stats():
    with open(STATS_FILE) as f:
        return json.load(f)


def save_stats(stats):
    write_file(STATS_FILE, json.dumps(stats))
