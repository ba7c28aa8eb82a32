"""A service with worker threads whose command line also has an `install`
sub-command: it writes a client's settings file through a fixed temporary name
once, when a person runs it. No second run of it shares the name."""

import argparse
import json
import os
import threading


def install(args):
    path = os.path.expanduser("~/.client/settings.json")
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump({"server": "memory"}, f)
    os.replace(tmp, path)


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    sub.add_parser("install").set_defaults(func=install)
    args = parser.parse_args()
    threading.Thread(target=print).start()
    args.func(args)
