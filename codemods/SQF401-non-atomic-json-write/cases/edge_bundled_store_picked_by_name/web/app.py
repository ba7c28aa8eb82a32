"""The app picks the store class by a name from its settings: a computed
`getattr` on the bundled module may return either class, so the disk
store's write stays reported (as does the helper, which the same lookup may
return)."""
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
