"""Flask-SQLAlchemy reads the URL from the config: no create_engine call."""
import os

from flask import Flask
from flask_sqlalchemy import SQLAlchemy


class Config:
    SQLALCHEMY_DATABASE_URI = "sqlite:///data.db"


app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = os.environ.get("DATABASE_URL", "sqlite:///app.db")
db = SQLAlchemy(app)


@app.route("/count")
def count():
    # A sync route that queries: the request threads are the second party.
    return {"rows": db.session.execute(db.text("SELECT count(*) FROM t")).scalar()}
