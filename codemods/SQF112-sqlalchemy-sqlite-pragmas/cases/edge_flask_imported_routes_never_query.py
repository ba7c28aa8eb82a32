"""A Flask app whose routes only render static pages; the database is
filled once by the seeding command before the server starts. Importing Flask
names no second party for the database: reported at medium confidence,
with no party named."""
from flask import Flask, render_template
from sqlalchemy import create_engine, text

app = Flask(__name__)
engine = create_engine("sqlite:///brochure.db")


@app.route("/")
def home():
    return render_template("home.html")


@app.route("/about")
def about():
    return render_template("about.html")


def seed():
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS visits (n INTEGER)"))
        conn.execute(text("INSERT INTO visits VALUES (0)"))


if __name__ == "__main__":
    seed()
    app.run()
