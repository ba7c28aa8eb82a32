from flask import Flask, session

from sessions import SqlAlchemySessionInterface

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///sessions.db"
app.session_interface = SqlAlchemySessionInterface(app, None, "sessions")


@app.route("/")
def index():
    session["visits"] = session.get("visits", 0) + 1
    return str(session["visits"])
