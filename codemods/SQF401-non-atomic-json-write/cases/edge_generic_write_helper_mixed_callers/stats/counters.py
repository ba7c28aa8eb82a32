import json

from .files import write_file

STATS_FILE = "data/stats.json"


def load_stats():
    with open(STATS_FILE) as f:
        return json.load(f)


def save_stats(stats, log_lines):
    write_file(STATS_FILE, json.dumps(stats))
    write_file("data/last_run.log", "\n".join(log_lines))
