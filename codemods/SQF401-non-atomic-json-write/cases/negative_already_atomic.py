import json
import os
import tempfile


def save(path, state):
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path))
    with os.fdopen(fd, "w") as f:
        json.dump(state, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def load(path):
    with open(path) as f:
        return json.load(f)


def append_log(path, event):
    with open(path, "a") as f:
        f.write(json.dumps(event) + "\n")


def write_text_report(path, text):
    with open(path, "w") as f:
        f.write(text)
