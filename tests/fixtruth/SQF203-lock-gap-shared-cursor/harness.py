"""The completion query runs while an indexing thread adds a word. The query's
thread pauses between its execute and its fetch until the indexer has executed
its insert on the same cursor (each wait gives up after 1.5 s): the interleaving
a busy editor produces. Counted: completion lists that are not the words stored."""
import importlib
import json
import sqlite3
import sys
import threading

app = sys.argv[1]
sys.path.insert(0, app)
SEED = ["apple", "apricot", "banana", "cherry"]
EXPECTED = ["apple", "apricot"]


def load():
    module = importlib.reload(importlib.import_module("words"))
    for w in SEED:
        module.INDEX.add(w, 1)
    return module


sequential = load().INDEX.matching("ap")

mod = load()
real = mod.INDEX.cur
query_executed = threading.Event()
insert_executed = threading.Event()


class Interleaving:
    """The shared cursor, with the scheduling made explicit."""

    def execute(self, sql, params=()):
        name = threading.current_thread().name
        if name == "indexer":
            query_executed.wait(1.5)
        result = real.execute(sql, params)
        if name == "completion":
            query_executed.set()
            insert_executed.wait(1.5)
        if name == "indexer":
            insert_executed.set()
        return result

    def __getattr__(self, name):
        return getattr(real, name)


mod.INDEX.cur = Interleaving()
results = {}


def complete():
    try:
        results["ap"] = mod.INDEX.matching("ap")
    except sqlite3.ProgrammingError as e:
        results["ap"] = f"ProgrammingError: {e}"


def index():
    mod.fill(["blueberry"])


a = threading.Thread(target=complete, name="completion")
b = threading.Thread(target=index, name="indexer")
a.start()
b.start()
for t in (a, b):
    t.join(timeout=10)
wrong = int(results.get("ap") != EXPECTED)
print(json.dumps({
    "sequential": sequential,
    "hazard": wrong,
    "detail": f"completion lists that are not the stored words: {wrong}; got {results}",
}))
