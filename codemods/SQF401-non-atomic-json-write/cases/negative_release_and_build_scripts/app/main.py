"""The application: it reads the files the maintainer's scripts write (its
version, its translations, its API description) and never writes them. It
starts a thread, so a script importing it loads a module with threads."""
import json
import threading
import time
from pathlib import Path

from flask import Flask

app = Flask(__name__)
HERE = Path(__file__).parent


@app.route("/version")
def version():
    return json.loads((HERE / "version.json").read_text())


@app.route("/strings/<lang>")
def strings(lang):
    with open(HERE / "locales" / f"{lang}.json") as fh:
        return json.load(fh)


@app.route("/openapi.json")
def openapi():
    with open(HERE / "openapi.json") as fh:
        return json.load(fh)


def describe():
    return {"openapi": "3.1.0", "paths": {"/version": {"get": {}}}}


def _warm():
    time.sleep(1)


threading.Thread(target=_warm, daemon=True).start()
