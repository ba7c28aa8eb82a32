"""A local webhook receiver holds each request until the harness has tried one
upload write (a second connection, timeout 0.1 s), so the write always happens
while the HTTP call is in flight, before or after the fix."""
import http.server
import json
import os
import sqlite3
import sys
import threading

sys.path.insert(0, sys.argv[1])
import documents  # noqa: E402

work = sys.argv[2]
in_request = threading.Event()
probe_done = threading.Event()
hold = {"on": False}


class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if hold["on"]:
            in_request.set()
            probe_done.wait(3)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hook)
threading.Thread(target=server.serve_forever, daemon=True).start()
url = f"http://127.0.0.1:{server.server_address[1]}/hook"

seq = os.path.join(work, "seq.db")
documents.init(seq)
for doc_id in ["a", "b"]:
    documents.add(seq, doc_id)
    documents.finish(seq, doc_id, url)
sequential = documents.statuses(seq)

db = os.path.join(work, "load.db")
documents.init(db)
documents.add(db, "c")
hold["on"] = True
worker = threading.Thread(target=documents.finish, args=(db, "c", url))
worker.start()
in_request.wait(3)
locked = 0
other = sqlite3.connect(db, timeout=0.1)
try:
    other.execute("INSERT INTO documents (id, status) VALUES ('upload', 'queued')")
    other.commit()
except sqlite3.OperationalError as e:
    if "locked" not in str(e):
        raise
    locked = 1
probe_done.set()
worker.join(5)
server.shutdown()
print(json.dumps({
    "sequential": sequential,
    "hazard": locked,
    "detail": "the upload got 'database is locked' during the webhook call" if locked else "the upload wrote during the webhook call",
}))
