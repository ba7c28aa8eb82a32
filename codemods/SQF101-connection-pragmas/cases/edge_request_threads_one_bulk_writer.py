"""Same request-thread service shape, but one route rewrites every row of a
growing table inside one transaction (a loop of updates, one commit at the
end): while it runs every other writer and, in the rollback journal, every
reader waits for it. The finding stays and names that long holder."""

import sqlite3

from flask import Flask, request

SCORES_DB = "scores.sqlite3"
app = Flask(__name__)


@app.post("/score")
def add_score():
    with sqlite3.connect(SCORES_DB) as db:
        db.execute("INSERT INTO scores (player, points) VALUES (?, ?)", (request.form["p"], 1))
    return "", 201


@app.post("/rescale")
def rescale():
    db = sqlite3.connect(SCORES_DB)
    for (player, points) in db.execute("SELECT player, points FROM scores").fetchall():
        db.execute("UPDATE scores SET points = ? WHERE player = ?", (points * 2, player))
    db.commit()
    db.close()
    return "", 204
