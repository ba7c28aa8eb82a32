"""Two functions that both rename after writing. `migrate` is a one-time
conversion: it reads the old settings file, writes the new JSON, then renames
the old file aside; a crash leaves the old file, and the next start converts
again (not reported). `save` moves the live file to a backup, dumps in place,
and renames the backup back onto the name when the check fails: the rename
restores, it retires nothing, and the dump is a write in place (reported)."""
import json
import os

OLD = os.path.expanduser("~/.tally/settings.ini")
STATE = os.path.expanduser("~/.tally/settings.json")


def load():
    with open(STATE) as f:
        return json.load(f)


def migrate():
    if not os.path.exists(OLD):
        return
    values = {}
    with open(OLD) as f:
        for line in f:
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    with open(STATE, "w") as f:
        json.dump(values, f)
    os.rename(OLD, OLD + ".old")


def save(values):
    bkp = STATE + ".bkp"
    if os.path.exists(bkp):
        os.remove(bkp)
    os.rename(STATE, bkp)
    with open(STATE, "w") as f:
        json.dump(values, f)
    try:
        load()
    except ValueError:
        os.rename(bkp, STATE)


def bump(key):
    values = load()
    values[key] = int(values.get(key, 0)) + 1
    save(values)
