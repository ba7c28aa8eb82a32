"""A Falcon resource on a module connection opened with the default check_same_thread:
every request served on another thread than the importing one raises."""
import sqlite3

import falcon

db = sqlite3.connect("notes.db")


class NotesResource:
    def on_get(self, req, resp):
        resp.media = db.execute("SELECT id, body FROM notes").fetchall()

    def on_post_item(self, req, resp, note_id):
        db.execute("UPDATE notes SET body = ? WHERE id = ?", (req.media["body"], note_id))
        db.commit()

    def on_startup(self):
        # Not a responder: no HTTP method in its name.
        db.execute("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT)")


app = falcon.App()
app.add_route("/notes", NotesResource())
