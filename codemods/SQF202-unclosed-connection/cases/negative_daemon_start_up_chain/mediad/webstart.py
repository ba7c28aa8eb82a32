"""The web server's own `initialize`: the same name as the package's, a
different function. Calls are told apart by what they resolve to."""
from wsgiref.simple_server import make_server


def initialize(options):
    server = make_server("", options["port"], application)
    server.serve_forever()


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]
