"""The application imports `handlers`; `handlers_old.py` and `handlers copy.py`
are scratch copies kept beside it (one still builds its own app object).
Nothing the entry point loads imports them: retired code, not reported."""

from flask import Flask

import handlers

app = Flask(__name__)
app.register_blueprint(handlers.bp)

if __name__ == "__main__":
    app.run(threaded=True)
