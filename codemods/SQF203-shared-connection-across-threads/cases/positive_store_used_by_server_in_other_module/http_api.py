from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from index import SymbolIndex


class Handler(BaseHTTPRequestHandler):
    index = None

    def do_GET(self):
        rows = self.index.search(self.path.strip("/"))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(repr(rows).encode())


def main():
    Handler.index = SymbolIndex("symbols.db")
    ThreadingHTTPServer(("", 8000), Handler).serve_forever()
