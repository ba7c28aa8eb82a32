import json
import os

MANIFEST = "/var/backups/manifest.json"


def record(name):
    done = {}
    if os.path.exists(MANIFEST):
        with open(MANIFEST) as f:
            done = json.load(f)
    done[name] = True
    with open(MANIFEST, "w") as f:
        json.dump(done, f)
