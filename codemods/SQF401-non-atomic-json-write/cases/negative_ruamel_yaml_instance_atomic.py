"""The same ruamel serializer writing the config through a temporary file in
the config's folder that replaces it at the end: a reader sees the old or the
new file, never a cut one. And an object that is not a YAML serializer (a
logger-like `dump` of the app's own) writing into a file nothing reads back."""
import os
import tempfile

from ruamel.yaml import YAML

yaml = YAML()

CONFIG_PATH = os.path.expanduser("~/.config/tagger/config.yaml")


def load():
    with open(CONFIG_PATH) as f:
        return yaml.load(f)


def save(data):
    folder = os.path.dirname(CONFIG_PATH)
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".yaml")
    with os.fdopen(fd, "w") as f:
        yaml.dump(data, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, CONFIG_PATH)


class Recorder:
    def dump(self, data, stream):
        stream.write(repr(data))


recorder = Recorder()


def write_trace(data):
    with open("trace.txt", "w") as f:
        recorder.dump(data, f)
