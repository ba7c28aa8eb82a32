"""A trainer publishes each model into a folder of its own, made by the same
function just before the metadata is written: nothing reads that folder until
`publish` returns and the registry line points at it. A torn `meta.json` in a
half-made folder is what a crash one line earlier leaves too."""
import json
import os
import pathlib
import time

REGISTRY = "models/registry.json"


def registry():
    with open(REGISTRY) as f:
        return json.load(f)


def meta(folder):
    with open(os.path.join(folder, "meta.json")) as f:
        return json.load(f)


def publish(name, params):
    folder = os.path.join("models", f"{name}-{int(time.time())}")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "meta.json"), "w") as f:
        json.dump(params, f)
    return folder


def publish_version(name, version, params):
    folder = pathlib.Path("models") / name / str(version)
    folder.mkdir(parents=True)
    meta_path = folder / "meta.json"
    with meta_path.open("w") as f:
        json.dump(params, f)
