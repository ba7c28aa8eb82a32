"""A route-decorator factory in a module that runs its Flask app on one
thread (`threaded=False`): its views run one at a time, the session is
dropped when the next request comes, and nothing runs beside it. Not this
shape, as for views under `@app.route` in such an app."""
from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.orm import sessionmaker

from dbconfig import DATABASE

app = Flask(__name__)
engine = create_engine(DATABASE)
Session = sessionmaker(bind=engine)


def page(url):
    return lambda view: app.route(url)(view)


@page("/visits")
def visits():
    db = Session()
    return str(db.execute(text("SELECT count(*) FROM visit")).scalar())


if __name__ == "__main__":
    app.run(threaded=False)
