"""The same sidecar writer, also run by the nightly rescan on a pool of worker
threads the program starts itself: two workers (or a worker and a person's
POST) can write `album.json.tmp` at once. Reported, although one of its callers
is a submitted change: the program's own threads are a second writer."""
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
