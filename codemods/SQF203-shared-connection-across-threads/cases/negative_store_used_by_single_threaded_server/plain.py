"""A plain (not threading) server answers every request on the thread that
built the index."""
import socketserver

from index import SymbolIndex

INDEX = SymbolIndex("symbols.db")


class Lookup(socketserver.StreamRequestHandler):
    def handle(self):
        self.wfile.write(repr(INDEX.search(self.rfile.readline().decode())).encode())


def main():
    socketserver.TCPServer(("", 7000), Lookup).serve_forever()
