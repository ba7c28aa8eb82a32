"""The same extension switch, but after the switch every save also writes a
sidecar JSON file of the notebook's cursor positions, keyed by the same path.
On the `.db` arm the export commits first and the sidecar follows it, so a
crash between the two leaves the database ahead of the file: still reported,
at the sidecar write. The arm-only JSON dump is not paired with the commit."""

import json
import sqlite3


def save(path, notebook):
    if path.endswith(".db"):
        conn = sqlite3.connect(path)
        conn.execute("UPDATE notebooks SET saved = 1 WHERE path = ?", (path,))
        conn.commit()
    else:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(notebook, f)
    with open(path + ".cursor.json", "w", encoding="utf-8") as f:
        json.dump(notebook["cursor"], f)
