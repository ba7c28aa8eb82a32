"""A threaded WSGI server: each request on its own thread."""
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIServer, make_server

from sqlalchemy import text

from db import session


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


def application(environ, start_response):
    try:
        count = session.execute(text("SELECT count(*) FROM frame")).scalar()
    finally:
        session.remove()
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [str(count).encode()]


if __name__ == "__main__":
    make_server("", 8000, application, server_class=ThreadingWSGIServer).serve_forever()
