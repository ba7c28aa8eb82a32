"""The app: a Flask server that reports page views through the bundled
client with its in-memory store. It never names the disk store."""
from flask import Flask

from lib.metrics import Reporter

app = Flask(__name__)
reporter = Reporter()


@app.route("/")
def index():
    reporter.send("page_view")
    return "ok"
