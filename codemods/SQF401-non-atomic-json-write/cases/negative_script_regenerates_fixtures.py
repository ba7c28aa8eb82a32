"""A developer script that rebuilds a fixture file from a recorded log. Nothing
in the script reads the fixture back: a crash mid-write tears the output in
front of whoever ran it, and running it again rebuilds it from the log."""
import json
import sys


def parse(lines):
    events = []
    for line in lines:
        kind, _, payload = line.partition(" ")
        events.append({"kind": kind, "payload": payload.strip()})
    return events


def main(log_path):
    with open(log_path, encoding="utf-8") as src:
        events = parse(src)
    with open("fixtures/recorded_events.json", "w", encoding="utf-8") as out:
        json.dump(events, out, indent=2)


if __name__ == "__main__":
    main(sys.argv[1])
