"""An edge of the checked debit: the comparison is on another column than the
one decremented (the level gates the purchase; the balance is debited but was
not what was compared). The debit check stays quiet, nothing compared is taken
from; the general read-then-write walk may still report the check-then-act on
the level (a guard that leaves on what was read decides the write)."""

import sqlite3

from flask import Flask, abort, request

app = Flask(__name__)


@app.post("/upgrade")
def upgrade():
    db = sqlite3.connect("game.db")
    player = db.execute("SELECT level, balance FROM players WHERE id = ?", (3,)).fetchone()
    if player[0] < 10:
        abort(403)
    db.execute("UPDATE players SET balance = balance - ? WHERE id = ?", (int(request.form["cost"]), 3))
    db.commit()
    return "ok"


if __name__ == "__main__":
    app.run(threaded=True)
