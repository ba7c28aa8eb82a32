"""A demo server over the package: each request thread runs a check."""
from flask import Flask, request

from probes.registry import load_checks

app = Flask(__name__)
CHECKS = load_checks()


@app.route("/check/<name>")
def check(name):
    return {"result": CHECKS[name](request.args.get("value", ""))}


if __name__ == "__main__":
    app.run(threaded=True)
