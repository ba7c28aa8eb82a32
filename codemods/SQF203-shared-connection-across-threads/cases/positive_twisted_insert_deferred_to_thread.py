"""A proposals server: one Twisted process serving HTTP with twisted.web. The
connection is the resource's, and every render_* method and the
reactor.callLater cleanup run on the reactor's one thread, one at a time; the
lock was vestigial until `render_POST` started handing the insert to the
reactor's thread pool with `deferToThread`: now it runs beside `render_GET` and
the cleanup on the one cursor, and the lock guards only one side."""
import sqlite3
import sys
import threading

from twisted.internet import reactor, threads
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
        threads.deferToThread(self.add_proposal, request.args.get(b"key", [b""])[0].decode(), proposal)
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
