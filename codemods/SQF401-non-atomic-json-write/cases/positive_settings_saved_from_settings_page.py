"""Settings kept in one JSON file: the app loads it when it starts and the
settings page rewrites it in place whenever someone saves the form. A crash or
a kill during the save leaves a cut-off file, and the next start cannot load
the settings at all. Reported."""
import json
import os

from flask import Flask, request

app = Flask(__name__)
SETTINGS_PATH = os.path.join(os.path.dirname(__file__), "settings.json")


def load_settings():
    with open(SETTINGS_PATH) as fh:
        return json.load(fh)


settings = load_settings()


@app.route("/settings", methods=["POST"])
def save_settings():
    settings.update(request.get_json())
    with open(SETTINGS_PATH, "w") as fh:
        json.dump(settings, fh, indent=2)
    return {"ok": True}
