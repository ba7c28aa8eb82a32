import shutil

from flask import Flask, request

from notebook.migrations import NOTEBOOK, apply_pending, open_notebook

app = Flask(__name__)


def boot():
    conn = open_notebook()
    apply_pending(conn)
    conn.close()


@app.post("/restore")
def restore():
    # A backup may be older than the code: bring it up to date before serving it.
    shutil.copyfile(request.form["backup"], NOTEBOOK)
    conn = open_notebook()
    try:
        apply_pending(conn)
    finally:
        conn.close()
    return "restored"


boot()
