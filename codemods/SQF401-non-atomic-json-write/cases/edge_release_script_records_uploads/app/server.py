import json

from flask import Flask

app = Flask(__name__)


@app.route("/released")
def released():
    with open("release/uploaded.json") as fh:
        return json.load(fh)
