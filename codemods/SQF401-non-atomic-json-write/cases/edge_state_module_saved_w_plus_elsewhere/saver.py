"""Another module rewrites the same file through `"w+"` after each scan (reported:
the loader above reads it back with no fallback); the summary written through
`"w+"` is never read by anything (not reported)."""
import json

from store import INDEX


def save_index(index):
    with open(INDEX, "w+") as f:
        json.dump(index, f)


def write_summary(index):
    with open("scan_summary.json", "w+") as f:
        json.dump({"files": len(index)}, f)
