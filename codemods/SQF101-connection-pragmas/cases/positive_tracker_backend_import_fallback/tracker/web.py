from flask import Flask, request

from tracker.backend import Backend

app = Flask(__name__)
DB = "tracker.db"


@app.route("/new", methods=["POST"])
def new_issue():
    Backend(DB).create_issue(request.form["title"], request.form["body"])
    return "ok"


@app.route("/")
def index():
    return {"issues": Backend(DB).issues()}
