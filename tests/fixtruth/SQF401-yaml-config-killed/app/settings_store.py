import os

import yaml


def settings_path(directory):
    return os.path.join(directory, "server.yaml")


def load(directory):
    with open(settings_path(directory), encoding="utf-8") as f:
        return yaml.safe_load(f)


def save(directory, values):
    with open(settings_path(directory), "w", encoding="utf-8") as f:
        yaml.safe_dump(values, f, default_flow_style=False)
        f.flush()
        os.fsync(f.fileno())
