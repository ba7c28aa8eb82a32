"""The maintainers' benchmark harness: runs each exercise and writes its
results file for the report a person reads (the deployed program reads
files of that name too). Not part of the deployed program: a crash tears a
result in front of whoever ran it, and running the harness again writes it
again."""
import argparse
import json
from pathlib import Path


def run_exercise(folder: Path):
    results = {"exercise": folder.name, "passed": True}
    with open(folder / ".results.json", "w") as f:
        json.dump(results, f, indent=4)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("root")
    args = parser.parse_args()
    for folder in Path(args.root).iterdir():
        run_exercise(folder)
