"""A notebook server saves each notebook's metadata by binding the file handle
in one of two branches (Python 3's `io.open` with an encoding, Python 2's
`open(..., "wb")`) and then writing it in `with f:`. The file is truncated
when the handle is bound, not at the `with`: a crash mid-dump leaves a
truncated file that the server loads back the next time the notebook opens."""
import io
import json
import sys

PY3 = sys.version_info[0] >= 3


def read_metadata(filename):
    with io.open(filename, encoding="utf-8") as f:
        return json.load(f)


def write_metadata(filename, data):
    if PY3:
        f = io.open(filename, "w", encoding="utf-8")
    else:
        f = open(filename, "wb")
    with f:
        json.dump(data, f, indent=1)


def save_settings(path, settings):
    try:
        handle = open(path, "w")
    except IOError:
        return False
    with handle as out:
        json.dump(settings, out)
    return True


def load_settings(path):
    with open(path) as f:
        return json.load(f)


def touch(filename, path, key):
    data = read_metadata(filename)
    data[key] = True
    write_metadata(filename, data)
    settings = load_settings(path)
    settings[key] = True
    save_settings(path, settings)
