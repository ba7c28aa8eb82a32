"""A release script that uploads each build artifact and records what is done
after every upload, reading the record at start to skip finished uploads: it
saves progress in a loop and resumes from it. A crash mid-save leaves a torn
record and the next run cannot resume. Reported, although it is a release
script."""
import argparse
import json
import os

import requests

RECORD = "release/uploaded.json"


def load_record():
    if not os.path.exists(RECORD):
        return []
    with open(RECORD) as fh:
        return json.load(fh)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    done = load_record()
    for name in args.files:
        if name in done:
            continue
        with open(name, "rb") as fh:
            requests.post("https://uploads.example.org/assets", data=fh, timeout=60)
        done.append(name)
        with open(RECORD, "w") as fh:
            json.dump(done, fh)


if __name__ == "__main__":
    main()
