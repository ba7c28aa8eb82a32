import socketserver

import index

INDEX = index.SymbolIndex("lines.db")


class Reindex(socketserver.StreamRequestHandler):
    def handle(self):
        rows = [line.decode().split("\t") for line in self.rfile]
        INDEX.generate_cache(rows)


class Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True


def serve():
    with Server(("127.0.0.1", 7000), Reindex) as server:
        server.serve_forever()
