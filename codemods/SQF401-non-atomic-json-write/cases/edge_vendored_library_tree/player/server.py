"""The app: a Flask server that uses the bundled tagger and its lyrics plugin.
The plugin's cache, which the app does reach, is still reported."""
from flask import Flask

from lib.tagkit import tag_file
from lib.tagkit.plugins import lyrics

app = Flask(__name__)


@app.route("/tag/<name>")
def tag(name):
    tag_file(name)
    return {"lyrics": lyrics.fetch(name)}
