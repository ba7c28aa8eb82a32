"""Fetches a model file once and keeps it beside the program: later starts
use the file that is there instead of downloading it again."""
import os
import shutil
import urllib.request


def ensure_model(url, path):
    if os.path.exists(path):
        return path
    with urllib.request.urlopen(url) as response:
        with open(path, "wb") as out:
            shutil.copyfileobj(response, out, 65536)
    return path


def model_size(path):
    with open(path, "rb") as f:
        return len(f.read())
