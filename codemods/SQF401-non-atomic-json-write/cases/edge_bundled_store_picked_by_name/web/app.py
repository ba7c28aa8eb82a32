"""The app picks the store class by a name from its settings, and its own
code never spells the disk-backed class: which store runs is decided by configuration
at run time, and the bundled library's file store is not reported (the
checkpoint rules report in a bundled library only what the app's own code
names). The in-memory default is what runs unless someone configures
otherwise."""
import os

from flask import Flask

from lib.metrics import Reporter
from lib.metrics import stores

app = Flask(__name__)
kind = os.environ.get("METRICS_STORE", "MemoryStore")
reporter = Reporter(getattr(stores, kind)())


@app.route("/")
def index():
    reporter.send("page_view")
    return "ok"
