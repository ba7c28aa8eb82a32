"""The app builds the bundled client with the file-backed store: the store's
in-place JSON write runs on every report and is read back at start."""
from flask import Flask

from lib.metrics import Reporter
from lib.metrics.stores import DiskStore

app = Flask(__name__)
reporter = Reporter(DiskStore("/var/lib/web/metrics.json"))


@app.route("/")
def index():
    reporter.send("page_view")
    return "ok"
