# Read a user's grants through the wrapper, compute what to add and what to
# drop in Python, then one INSERT or DELETE per grant, each committed alone:
# two admins editing one user interleave their diffs.
import cs50
from flask import Flask, abort, request, session

app = Flask(__name__)
db = cs50.SQL("sqlite:///admin.db")


@app.route("/users/<int:uid>/grants", methods=["POST"])
def edit_grants(uid):
    if not session.get("is_admin"):
        abort(403)
    held = {r["grant_id"] for r in db.execute("SELECT grant_id FROM grants WHERE user_id = ?", uid)}
    wanted = {int(g) for g in request.form.getlist("grant")}
    for grant in wanted - held:
        db.execute("INSERT INTO grants (user_id, grant_id) VALUES (?, ?)", uid, grant)
    for grant in held - wanted:
        db.execute("DELETE FROM grants WHERE user_id = ? AND grant_id = ?", uid, grant)
    return "", 204
