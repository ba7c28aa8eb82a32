"""A repository whose only code is its examples: the example is the program,
and its leaked connection in a threaded server is reported."""
import sqlite3
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        con = sqlite3.connect("app.db")
        con.execute("INSERT INTO hits DEFAULT VALUES")
        con.commit()
        self.send_response(200)
        self.end_headers()


if __name__ == "__main__":
    ThreadingHTTPServer(("", 8000), Handler).serve_forever()
