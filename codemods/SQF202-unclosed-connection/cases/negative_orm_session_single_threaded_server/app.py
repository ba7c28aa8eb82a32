"""The same unclosed session, but the app runs on one thread
(`threaded=False`): the session is dropped when the next request replaces it,
and nothing runs beside it. Not this shape."""
from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.orm import sessionmaker

engine = create_engine("sqlite:///capture.db")
Session = sessionmaker(bind=engine)
app = Flask(__name__)


@app.route("/recordings")
def recordings():
    db = Session()
    return str(db.execute(text("SELECT count(*) FROM recording")).scalar())


if __name__ == "__main__":
    app.run(threaded=False)
