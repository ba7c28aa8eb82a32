"""JSON written into a fresh temporary folder that a deploy step then ships:
nobody reads it while it is written, and a crash discards the folder."""

import json
import os
import tempfile


def build_bundle(metadata, name):
    tmp = tempfile.TemporaryDirectory()
    bundle = os.path.join(tmp.name, name)
    os.mkdir(bundle)
    with open(os.path.join(bundle, "metadata.json"), "w") as fp:
        json.dump(metadata, fp)
    return tmp


def build_here(metadata):
    tmp = tempfile.TemporaryDirectory()
    saved = os.getcwd()
    try:
        os.chdir(tmp.name)
        with open("metadata.json", "w") as fp:
            fp.write(json.dumps(metadata, indent=2))
    finally:
        os.chdir(saved)
    return tmp
