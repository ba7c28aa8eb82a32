"""Flask with a scoped_session registry removed at the end of every request:
the error page's request gets its session removed like any other."""
from flask import Flask, render_template
from sqlalchemy import create_engine, text
from sqlalchemy.orm import scoped_session, sessionmaker

engine = create_engine("sqlite:///web.db")
db_session = scoped_session(sessionmaker(bind=engine))
app = Flask(__name__)


@app.teardown_appcontext
def shutdown_session(exception=None):
    db_session.remove()


@app.errorhandler(500)
def server_error(error):
    return render_template("500.html"), 500


@app.route("/visit", methods=["POST"])
def visit():
    db_session.execute(text("UPDATE counter SET n = n + 1"))
    db_session.commit()
    return "ok"
