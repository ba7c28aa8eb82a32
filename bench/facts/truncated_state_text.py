"""F-number-file-torn and F-truncate-at-open: what a reader of a text state
file sees between another run's truncating `open(p, "w")` and its write.

`open(p, "w")`, `Path.write_text` and a configparser's `write(open(p, "w"))`
all empty the file first. A one-value status file then reads as "" and
`int("")` raises ValueError; an INI state file reads as no sections, so
`cfg.get(section, key, fallback=...)` silently gives the default; a
line-per-record store cut after some lines loads only the lines before the
cut, with no error at all. Plain python3 is enough.
"""
import configparser
import os
from pathlib import Path

from _fact import Fact, scratch

fact = Fact(
    "F-number-file-torn",
    "a just-truncated one-value status file makes int() raise ValueError",
)
folder = scratch()
status = Path(folder, "status")
status.write_text(str(123456))

# The writer's truncating open, before the number is written.
writer = open(status, "w")
try:
    int(status.read_text())
    got = "parsed"
except ValueError as exc:
    got = f"ValueError: {exc}"
writer.close()
fact.check(got.startswith("ValueError"), f"empty status file: {got}")
fact.check(
    status.stat().st_size == 0, "the file stays empty when the writer dies before writing"
)

ini = os.path.join(folder, "state.ini")
cfg = configparser.ConfigParser()
cfg["feed"] = {"last_id": "9876"}
with open(ini, "w") as f:
    cfg.write(f)
writer = open(ini, "w")  # the truncating open of `cfg.write(open(ini, "w"))`
again = configparser.ConfigParser()
read = again.read(ini)
last = again.get("feed", "last_id", fallback="0")
writer.close()
fact.check(read == [ini], "configparser reads the empty file without an error")
fact.check(last == "0", f"the position falls back to the default: {last}")

store = os.path.join(folder, "users.txt")
names = [f"user{i}" for i in range(1000)]
with open(store, "w") as f:
    f.write("\n".join(names))
text = open(store).read()
with open(store, "w") as f:  # a kill a third of the way through the rewrite
    f.write(text[: len(text) // 3])
with open(store) as f:
    loaded = [line.strip() for line in f]
fact.check(
    0 < len(loaded) < len(names), f"a cut store loads {len(loaded)} of {len(names)} records"
)
fact.note("no exception: the reader cannot tell the store was cut")
fact.done()
