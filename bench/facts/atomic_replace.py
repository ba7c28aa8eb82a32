"""F-atomic-replace and F-temp-name: how a checkpoint file is replaced safely."""
import json
import os
import stat
import tempfile
import threading

from _fact import Fact, scratch

fact = Fact("F-atomic-replace / F-temp-name", "a reader never sees a half-written file replaced with os.replace from a temp file in the same folder; writing in place shows it torn; a fixed temp name makes concurrent savers fail")
folder = scratch()
target = os.path.join(folder, "checkpoint.json")
state = {"step": 0, "pad": "x" * 200_000}


def save_in_place(step):
    with open(target, "w") as f:
        json.dump({**state, "step": step}, f)


def save_atomic(step):
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    with os.fdopen(fd, "w") as f:
        json.dump({**state, "step": step}, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, target)


def torn_reads(save, rounds=200):
    save(0)
    done = threading.Event()
    torn = [0]

    def read():
        while not done.is_set():
            try:
                with open(target) as f:
                    json.load(f)
            except (ValueError, FileNotFoundError):
                torn[0] += 1

    reader = threading.Thread(target=read)
    reader.start()
    for step in range(rounds):
        save(step)
    done.set()
    reader.join()
    return torn[0]


in_place = torn_reads(save_in_place)
fact.check(in_place > 0, f"open(path, 'w') + json.dump while a reader reads: {in_place} torn or empty reads")
atomic = torn_reads(save_atomic)
fact.check(atomic == 0, f"mkstemp(dir=same folder) + fsync + os.replace: {atomic} torn reads")

# Two savers sharing the name "checkpoint.json.tmp", interleaved as two workers can be.
shared_tmp = target + ".tmp"
with open(shared_tmp, "w") as f:
    f.write('{"worker": 1}')
with open(shared_tmp, "w") as f:
    f.write('{"worker": 2}')
os.replace(shared_tmp, target)  # worker 1 renames worker 2's content
try:
    os.replace(shared_tmp, target)  # worker 2 finds its temp file gone
    second = "replaced"
except FileNotFoundError:
    second = "FileNotFoundError"
fact.check(second == "FileNotFoundError", f"the second worker's os.replace of the shared temp name: {second}")

fd, tmp = tempfile.mkstemp(dir=folder)
os.close(fd)
mode = stat.S_IMODE(os.stat(tmp).st_mode)
fact.check(mode == 0o600, f"mkstemp creates the file with mode {oct(mode)} (copy the old file's mode if others must read it)")
fact.done()
