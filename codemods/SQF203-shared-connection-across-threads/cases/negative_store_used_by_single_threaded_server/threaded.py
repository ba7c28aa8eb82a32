"""A threading server whose handler opens an index of its own per request."""
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from index import SymbolIndex


class PerRequest(BaseHTTPRequestHandler):
    def do_GET(self):
        rows = SymbolIndex("symbols.db").search(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(repr(rows).encode())


def main():
    ThreadingHTTPServer(("", 8000), PerRequest).serve_forever()
