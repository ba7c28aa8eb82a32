"""An export the user asked for, under the output folder the settings name:
a new file each time (a timestamp in its name), never read back. Sharing the
settings object with the state file's reader does not make it that file."""
import json
import time
from pathlib import Path

from settings import config


def export_loadout(ship, data):
    stamp = time.strftime("%Y-%m-%dT%H.%M.%S", time.localtime())
    target = Path(config.get("outdir")) / f"{ship}.{stamp}.json"
    with open(target, "w") as h:
        h.write(json.dumps(data, indent=2))
