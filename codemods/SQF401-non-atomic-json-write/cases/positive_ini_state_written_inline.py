"""A feed sync run by cron: each run reads where the last one stopped from an
INI file and writes the new position back by handing `open(path, "w")`
straight to the parser. The file is truncated when `open` returns; a kill or
a full disk before the parser's write leaves it empty, and the next run's
`cfg.read` finds no section and syncs everything again."""
import configparser
import sys

STATE = "/var/lib/feedsync/state.ini"


def load():
    cfg = configparser.ConfigParser()
    cfg.read(STATE)
    return cfg


def fetch_since(last):
    return int(last) + 1


def main():
    cfg = load()
    if not cfg.has_section("feed"):
        cfg.add_section("feed")
    last = cfg.get("feed", "last_id", fallback="0")
    cfg.set("feed", "last_id", str(fetch_since(last)))
    cfg.write(open(STATE, "w"))


if __name__ == "__main__":
    sys.exit(main())
