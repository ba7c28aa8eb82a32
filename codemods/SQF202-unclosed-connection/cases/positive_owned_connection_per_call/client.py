from flask import Flask, request

from cache import Cache, Reader

app = Flask(__name__)


class Client:
    def __init__(self, path):
        self._cache = Cache(path)

    def lookup(self, key):
        return self._cache.get(key)


@app.get("/lookup")
def lookup():
    client = Client(request.args["db"])
    return {"value": client.lookup(request.args["k"])}


def count_rows(paths):
    return sum(len(Reader(p).rows()) for p in paths)
