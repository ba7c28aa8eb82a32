"""F-wrapped-open-truncates: `codecs.open`, `gzip.open`/`GzipFile`, `bz2.open`
and `lzma.open` with a `w` mode empty the named file when they return, before
anything is written, exactly as `open(path, "w")` does.

Each wraps the builtin `open` (codecs adds `b` to the mode when an encoding
is given). So a reader that loads the file while the writer's handle is open,
or after the writer is killed there, finds no old content: an empty file, or
a compressed stream with no end. Plain python3 is enough.
"""
import bz2
import codecs
import gzip
import json
import lzma
import os

from _fact import Fact, scratch

fact = Fact(
    "F-wrapped-open-truncates",
    "codecs/gzip/bz2/lzma opens in a w mode truncate the file at the open, like open(p, 'w')",
)
folder = scratch()
state = {f"upload{i}": {"offset": i * 4096} for i in range(500)}

OPENERS = [
    ("codecs.open", "state.yaml", lambda p: codecs.open(p, "wb", encoding="utf-8"), lambda p: codecs.open(p, "r", "utf-8")),
    ("gzip.GzipFile", "state.json.gz", lambda p: gzip.GzipFile(p, "wb"), lambda p: gzip.open(p, "rt")),
    ("gzip.open", "state2.json.gz", lambda p: gzip.open(p, "wt"), lambda p: gzip.open(p, "rt")),
    ("bz2.open", "state.json.bz2", lambda p: bz2.open(p, "wt"), lambda p: bz2.open(p, "rt")),
    ("lzma.open", "state.json.xz", lambda p: lzma.open(p, "wt"), lambda p: lzma.open(p, "rt")),
]

for name, file_name, open_w, open_r in OPENERS:
    path = os.path.join(folder, file_name)
    text = json.dumps(state)
    with open_w(path) as f:
        f.write(text.encode() if name == "gzip.GzipFile" else text)
    with open_r(path) as f:
        assert json.loads(f.read()) == state
    before = os.path.getsize(path)
    # The writer's open, before its dump has written anything.
    writer = open_w(path)
    size = os.path.getsize(path)
    try:
        with open_r(path) as f:
            got = json.loads(f.read()) == state
        seen = "old state loaded" if got else "other content"
    except (ValueError, EOFError, OSError) as exc:
        seen = f"{type(exc).__name__}"
    writer.close()
    fact.check(
        size < 64 and seen != "old state loaded",
        f"{name}(p, 'w...'): {before} bytes before, {size} after the open; a reader then: {seen}",
    )
fact.done()
