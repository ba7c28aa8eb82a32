"""F-exclusive-create-read: `open(p, "x")` makes the file, empty, before the
first byte of the dump is written. A second process that loses the create race
(`FileExistsError`) and reads the file at once finds it empty or cut: its
`json.load` raises, or with a reader that falls back it carries on with
defaults. Writing a temporary file and publishing it with `os.link(tmp, p)`
keeps the exclusive create (the link fails with `FileExistsError` when `p`
exists) and a loser that reads after the `FileExistsError` always finds a
complete file. Plain python3 is enough.
"""
import json
import os

from _fact import Fact, scratch

fact = Fact(
    "F-exclusive-create-read",
    "open(p, 'x') + json.dump: the loser of the create race can read an empty or cut file",
)
folder = scratch()
path = os.path.join(folder, "build.json")
conf = {f"target{i}": {"flags": ["-O2"] * 5} for i in range(300)}


def loser_reads():
    try:
        with open(path, "x") as f:
            json.dump({}, f)
        return "created"
    except FileExistsError:
        try:
            with open(path) as r:
                json.load(r)
            return "loaded"
        except ValueError as exc:
            return type(exc).__name__


f = open(path, "x")
at_create = loser_reads()
text = json.dumps(conf)
f.write(text[: len(text) // 2])
f.flush()
mid_dump = loser_reads()
f.write(text[len(text) // 2 :])
f.close()
fact.check(
    at_create != "loaded" and mid_dump != "loaded",
    f"the winner has opened with 'x': the loser gets {at_create}; half-way through the dump: {mid_dump}",
)

os.remove(path)
tmp = path + ".%d.tmp" % os.getpid()
with open(tmp, "w") as f:
    json.dump(conf, f)
    f.flush()
    os.fsync(f.fileno())
os.link(tmp, path)
os.remove(tmp)
after_link = loser_reads()
fact.check(after_link == "loaded", f"published with os.link(tmp, p): the loser gets {after_link}")
try:
    os.link(tmp if os.path.exists(tmp) else __file__, path)
    second = "linked over it"
except FileExistsError:
    second = "FileExistsError"
fact.check(second == "FileExistsError", f"a second os.link onto the existing name: {second} (still exclusive)")
fact.done()
