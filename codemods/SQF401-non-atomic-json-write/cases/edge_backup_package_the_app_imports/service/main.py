"""The service imports its own `backup` package, which runs: its in-place
manifest write is reported even though the folder's name marks drafts
elsewhere. The script under `drafts/` is an entry point of its own, not
retired; it is checked as a lone script run by hand (no second party), so
its checkpoint write is not reported on that ground."""
from flask import Flask

from backup import manifest

app = Flask(__name__)


@app.route("/backup")
def run_backup():
    manifest.record("nightly")
    return "ok"
