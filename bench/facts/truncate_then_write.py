"""F-truncate-then-write: a handle opened without truncating (`os.fdopen(os.open(p,
os.O_WRONLY | os.O_CREAT, 0o600), "w")`) keeps the old bytes until its own
`truncate()`; after that call the file is empty until the new text is written,
the same window as `open(p, "w")` or an `os.open` with `O_TRUNC`.

`os.fdopen(fd, "w")` does not truncate: the `w` only names the handle's
direction, and the file descriptor's flags decide. Without `O_TRUNC` and without
`truncate()`, a shorter new text leaves the tail of the old one (the file no
longer parses either). Plain python3 is enough.
"""
import json
import os

from _fact import Fact, scratch

fact = Fact(
    "F-truncate-then-write",
    "fdopen(os.open(p, O_WRONLY|O_CREAT)) keeps the old bytes; its truncate() empties the file before the write",
)
folder = scratch()
path = os.path.join(folder, "cache.json")
old = {f"key{i}": "x" * 40 for i in range(200)}
with open(path, "w") as f:
    json.dump(old, f)
before = os.path.getsize(path)

# The open alone, "w" in fdopen's mode: nothing is cut.
f = os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600), "w")
size_open = os.path.getsize(path)
fact.check(size_open == before, f"fdopen(os.open(p, O_WRONLY|O_CREAT), 'w'): {before} bytes before, {size_open} after the open")

# The truncate, before the write: a reader in this window finds an empty file.
f.truncate()
f.flush()
size_cut = os.path.getsize(path)
try:
    with open(path) as r:
        json.load(r)
    seen = "old state loaded"
except ValueError as exc:
    seen = type(exc).__name__
fact.check(size_cut == 0 and seen != "old state loaded", f"after f.truncate(): {size_cut} bytes; a reader then: {seen}")
f.write(json.dumps({"key0": "new"}))
f.close()
with open(path) as r:
    fact.check(json.load(r) == {"key0": "new"}, "after the write and close: the new state loads")

# An O_TRUNC open empties the file at the open, the same window.
with open(path, "w") as w:
    json.dump(old, w)
g = os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w")
fact.check(os.path.getsize(path) == 0, "fdopen(os.open(p, O_WRONLY|O_CREAT|O_TRUNC)): 0 bytes right after the open")
g.close()

# Neither: a shorter text overwrites the head and leaves the old tail.
with open(path, "w") as w:
    json.dump(old, w)
h = os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600), "w")
h.write(json.dumps({"key0": "new"}))
h.close()
try:
    with open(path) as r:
        json.load(r)
    tail = "parses"
except ValueError as exc:
    tail = type(exc).__name__
fact.check(os.path.getsize(path) == before and tail != "parses", f"no O_TRUNC, no truncate(): {os.path.getsize(path)} bytes kept; the file then: {tail}")
fact.done()
