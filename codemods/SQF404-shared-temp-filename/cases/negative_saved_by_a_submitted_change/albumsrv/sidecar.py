"""An album's sidecar file, rewritten through a fixed temporary name. Its only
writers are routes a person triggers by submitting a change in the web UI (a
POST and a DELETE): two runs at once on the same album need two people
changing the same album in the same instant, and the program starts no writer
of its own. No second writer to name: not reported."""
import json
import os


def sidecar_path(album_dir):
    return os.path.join(album_dir, "album.json")


def write(album_dir, data):
    target = sidecar_path(album_dir)
    tmp = target + ".tmp"
    with open(tmp, "w") as f:
        json.dump(data, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, target)


def read(album_dir):
    with open(sidecar_path(album_dir)) as f:
        return json.load(f)
