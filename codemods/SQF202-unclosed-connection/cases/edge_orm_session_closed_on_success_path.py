"""Closed, but only on the success path: an exception between the query and
`close()` drops it unclosed. This shape is left to SQF202's connection
rules; the never-closed rule does not report a session that is closed."""
from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.orm import sessionmaker

engine = create_engine("sqlite:///grades.db")
Session = sessionmaker(bind=engine)
app = Flask(__name__)


@app.route("/grades")
def grades():
    db = Session()
    total = db.execute(text("SELECT sum(score) FROM grade")).scalar()
    db.close()
    return str(total)
