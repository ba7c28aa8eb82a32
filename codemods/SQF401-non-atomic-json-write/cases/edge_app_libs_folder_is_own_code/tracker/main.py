"""The app: a Flask server. `tracker/libs/` is its own library folder (a
package of the app, imported as `tracker.libs...`), not a copy of another
project, so its state writer is reported even where the app's code does not
name the helper. `lib/sessionkit/` at the top of the tree is a bundled copy:
its file sessions, which the app never names, are not."""
import sys

from flask import Flask

sys.path.insert(0, "lib")

import sessionkit  # noqa: E402

from tracker.libs.plugins import settings  # noqa: E402

app = Flask(__name__)
sessions = sessionkit.open_store(kind="memory")


@app.route("/set/<key>/<value>")
def set_value(key, value):
    settings.update_setting(key, value)
    return "ok"
