"""F-backup-then-write: moving a state file aside to a backup
(`os.rename(p, p + ".bkp")`) and then dumping into `open(p, "w")` is still a
write in place. Between the rename and the open a reader finds no file at all
(`FileNotFoundError`); between the open and the last byte it finds an empty or
cut file (`JSONDecodeError`); a crash in either window leaves the name missing
or torn, and only someone who knows about the backup can put it back. A check
after the dump (`json.load(open(p))` / `except: os.rename(bkp, p)`) runs only if
the process is still alive. Writing a temporary file and `os.replace`-ing it
over the name (F-atomic-replace) leaves a reader the old file or the new one at
every moment. Plain python3 is enough.
"""
import json
import os

from _fact import Fact, scratch

fact = Fact(
    "F-backup-then-write",
    "rename(p, p.bkp) then open(p, 'w') + json.dump: readers see no file, then a cut one",
)
folder = scratch()
path = os.path.join(folder, "rooms.json")
state = {f"room{i}": {"members": ["x" * 20] * 5} for i in range(300)}
with open(path, "w") as f:
    json.dump(state, f)


def read_now():
    try:
        with open(path) as r:
            json.load(r)
        return "loaded"
    except FileNotFoundError:
        return "FileNotFoundError"
    except ValueError as exc:
        return type(exc).__name__


os.rename(path, path + ".bkp")
after_rename = read_now()
fact.check(after_rename == "FileNotFoundError", f"after os.rename(p, p + '.bkp'): a reader gets {after_rename}")

f = open(path, "w")
after_open = read_now()
text = json.dumps(state, indent=4)
f.write(text[: len(text) // 2])
f.flush()
mid_write = read_now()
# The process dies here: the handle is dropped without the rest of the text.
f.close()
fact.check(
    after_open != "loaded" and mid_write != "loaded",
    f"after open(p, 'w'): {after_open}; half-way through the dump: {mid_write} (a crash leaves this)",
)
fact.check(os.path.exists(path + ".bkp"), "the old state survives only under the backup's name, which no reader opens")
fact.done()
