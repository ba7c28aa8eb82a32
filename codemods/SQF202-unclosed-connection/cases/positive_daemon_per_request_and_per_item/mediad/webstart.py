import sqlite3
from wsgiref.simple_server import make_server

import mediad


def serve():
    make_server("", 8181, application).serve_forever()


def application(environ, start_response):
    items = mediad.wanted_items()
    record_visit(environ.get("PATH_INFO", "/"))
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [str(items).encode()]


def record_visit(path):
    conn = sqlite3.connect(mediad.DB_FILE)
    conn.execute("INSERT INTO visits (path) VALUES (?)", (path,))
    conn.commit()
