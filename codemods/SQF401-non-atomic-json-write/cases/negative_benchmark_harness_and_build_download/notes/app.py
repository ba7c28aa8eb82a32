"""The application itself: reads the last results it was given at start."""
import json
from pathlib import Path


def load(folder: Path):
    with open(folder / ".results.json") as f:
        return json.load(f)
