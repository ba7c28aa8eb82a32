"""A notebook's save routine picks the format from the file name: a `.db` name
is exported to SQLite (and committed there), a `.json` name is dumped as JSON,
any other name is written as XML. The three branches are alternatives: no save
writes a database row and a file about the same document, so nothing can
disagree after a crash. The second function does the same with early returns
instead of `elif`."""

import json
import sqlite3
import xml.etree.ElementTree as ET


def export_to_sqlite(path, notebook):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE IF NOT EXISTS cells (id INTEGER PRIMARY KEY, body TEXT)")
    conn.executemany("INSERT INTO cells (body) VALUES (?)", [(c,) for c in notebook["cells"]])
    conn.commit()
    conn.close()


def save(path, notebook):
    if path.endswith(".db"):
        conn = sqlite3.connect(path)
        conn.execute("DELETE FROM cells WHERE notebook = ?", (path,))
        conn.commit()
    elif path.endswith(".json"):
        with open(path, "w", encoding="utf-8") as f:
            json.dump(notebook, f)
    else:
        root = ET.Element("notebook")
        ET.ElementTree(root).write(path)


def save_with_returns(path, notebook):
    if path.endswith(".db"):
        return export_to_sqlite(path, notebook)
    if path.endswith(".json"):
        with open(path, "w", encoding="utf-8") as f:
            json.dump(notebook, f)
        return None
    root = ET.Element("notebook")
    ET.ElementTree(root).write(path)
    return None
