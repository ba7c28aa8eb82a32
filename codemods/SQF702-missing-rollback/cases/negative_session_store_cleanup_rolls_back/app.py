from flask import Flask

from sessions import SqlAlchemySessionInterface

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///sessions.db"
app.session_interface = SqlAlchemySessionInterface(app, None, "sessions")
