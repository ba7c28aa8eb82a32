"""A proposals server: one Twisted process serving HTTP with twisted.web. The
connection is the resource's, and every render_* method and the
reactor.callLater cleanup run on the reactor's one thread, one at a time; the
lock around one of the uses is vestigial (nothing here runs on another
thread)."""
import sqlite3
import sys
import threading

from twisted.internet import reactor
from twisted.web.resource import Resource
from twisted.web.server import Site


class ProposalsServer(Resource):
    isLeaf = True

    def __init__(self, db_path):
        super().__init__()
        self.conn = sqlite3.connect(db_path, check_same_thread=False)
        self.cursor = self.conn.cursor()
        self.cursor.execute("CREATE TABLE IF NOT EXISTS proposals (key TEXT, proposal TEXT)")
        self.lock = threading.Lock()

    def render_GET(self, request):
        rows = self.cursor.execute("SELECT proposal FROM proposals").fetchall()
        return "\n".join(r[0] for r in rows).encode()

    def render_POST(self, request):
        proposal = request.content.read().decode()
        self.add_proposal(request.args.get(b"key", [b""])[0].decode(), proposal)
        return b"ok"

    def add_proposal(self, key, proposal):
        with self.lock:
            self.cursor.execute("INSERT INTO proposals VALUES (?, ?)", (key, proposal))
            self.conn.commit()

    def prune(self):
        self.cursor.execute("DELETE FROM proposals WHERE rowid < (SELECT max(rowid) - 1000 FROM proposals)")
        self.conn.commit()
        reactor.callLater(600, self.prune)


def main():
    server = ProposalsServer(sys.argv[1])
    reactor.callLater(600, server.prune)
    reactor.listenTCP(8080, Site(server))
    reactor.run()


if __name__ == "__main__":
    main()
