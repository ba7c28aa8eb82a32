"""Inline dumps that lose nothing when cut: an export nothing reads back, and
a pickle cache whose reader takes an empty or cut file for a miss (it catches
`EOFError` as well as `UnpicklingError`) and recomputes."""
import json
import pickle
from pathlib import Path

CACHE_FILE = Path.home() / ".cache" / "tool" / "results.pickle"


def export_report(rows, out_dir):
    json.dump(rows, open(out_dir / "report.json", "w"), indent=2)


def read_cache():
    try:
        with CACHE_FILE.open("rb") as f:
            return pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError):
        return None


def write_cache(results):
    pickle.dump(results, CACHE_FILE.open("wb"))
