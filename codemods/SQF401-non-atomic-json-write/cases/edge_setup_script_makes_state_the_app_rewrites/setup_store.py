"""Run by hand to create the store, or to change its owner (it keeps the items
already there). The application then loads the same file when it starts and
rewrites it while it runs (app/store.py), so this writes the application's
state, not a generated output: a torn copy is what the application loads.
Reported, here and in the app."""
import argparse
import json
import os

STORE_PATH = "data/store.json"


def main():
    parser = argparse.ArgumentParser(description="create the store")
    parser.add_argument("--owner", required=True)
    args = parser.parse_args()
    store = {"items": []}
    if os.path.exists(STORE_PATH):
        with open(STORE_PATH) as fh:
            store = json.load(fh)
    store["owner"] = args.owner
    with open(STORE_PATH, "w") as fh:
        json.dump(store, fh)


if __name__ == "__main__":
    main()
