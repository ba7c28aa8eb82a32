"""The application reads the build stamp and the currency table back: both
files are its data, written by the build and by a developer's program."""
import json
import os

HERE = os.path.dirname(__file__)


def build_info():
    with open(os.path.join(HERE, "data", "build_info.json")) as f:
        return json.load(f)


def currencies():
    with open(os.path.join(HERE, "data", "currencies.json"), encoding="utf-8") as f:
        return json.load(f)

