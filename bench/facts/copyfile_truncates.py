"""F-copyfile-truncates: `shutil.copyfile(src, dst)` (and `shutil.copy`,
`shutil.copy2`, which call it) opens `dst` with "wb", truncating it, and then
copies the bytes. A reader of `dst` during the copy sees an empty or cut file,
and a process killed mid-copy leaves it so. Copying to a temporary name beside
`dst` and `os.replace`-ing it over `dst` (F-atomic-replace) leaves a reader the
old file or the new one. Plain python3 is enough.
"""
import json
import os
import shutil
import subprocess
import sys
import threading

from _fact import Fact, scratch

fact = Fact(
    "F-copyfile-truncates",
    "shutil.copyfile truncates dst before copying: readers and a kill mid-copy see it cut",
)
folder = scratch()
src = os.path.join(folder, "archive-work.json")
dst = os.path.join(folder, "archive.json")
state = {f"video{i}": {"title": "x" * 60, "seen": True} for i in range(40_000)}
with open(src, "w") as f:
    json.dump(state, f)
shutil.copyfile(src, dst)


def publish_by_copy():
    shutil.copyfile(src, dst)


def publish_by_replace():
    tmp = dst + ".part"
    shutil.copyfile(src, tmp)
    os.replace(tmp, dst)


def torn_reads(publish, rounds=60):
    done = threading.Event()
    torn = [0]

    def read():
        while not done.is_set():
            try:
                with open(dst) as f:
                    json.load(f)
            except ValueError:
                torn[0] += 1

    reader = threading.Thread(target=read)
    reader.start()
    for _ in range(rounds):
        publish()
    done.set()
    reader.join()
    return torn[0]


copied = torn_reads(publish_by_copy)
fact.check(copied > 0, f"shutil.copyfile(src, dst) while a reader loads dst: {copied} empty or cut reads")
replaced = torn_reads(publish_by_replace)
fact.check(replaced == 0, f"copy to dst + '.part', then os.replace: {replaced} cut reads")

# A copy killed part-way: a child copies through a source that stalls after its
# first block (a slow disk, a network share), and is killed while it waits.
stall = os.path.join(folder, "stall.py")
with open(stall, "w") as f:
    f.write(
        "import shutil, sys, time\n"
        "class Slow:\n"
        "    def __init__(self, f): self.f, self.n = f, 0\n"
        "    def read(self, size=-1):\n"
        "        self.n += 1\n"
        "        if self.n > 1:\n"
        "            print('copying', flush=True); time.sleep(60)\n"
        "        return self.f.read(65536)\n"
        "with open(sys.argv[1], 'rb') as s, open(sys.argv[2], 'wb') as d:\n"
        "    shutil.copyfileobj(Slow(s), d)\n"
    )
# shutil.copyfile is that open of dst with "wb" and a copy loop (sendfile on
# Linux, copyfileobj elsewhere); the child spells it out to stall between blocks.
child = subprocess.Popen([sys.executable, stall, src, dst], stdout=subprocess.PIPE, text=True)
child.stdout.readline()
child.kill()
child.wait()
size, full = os.path.getsize(dst), os.path.getsize(src)
fact.check(size < full, f"killed mid-copy: dst holds {size} of {full} bytes")
try:
    with open(dst) as f:
        json.load(f)
    loaded = "loads"
except ValueError as exc:
    loaded = type(exc).__name__
fact.check(loaded != "loads", f"the cut dst no longer loads: {loaded}")

# copyfile's own open: the first thing it does to dst is truncate it.
opened = []
real_open = open


def spy(path, mode="r", *args, **kwargs):
    if os.fspath(path) == dst:
        opened.append(mode)
    return real_open(path, mode, *args, **kwargs)


import builtins

builtins.open = spy
try:
    shutil.copyfile(src, dst)
finally:
    builtins.open = real_open
fact.check(opened == ["wb"], f"shutil.copyfile opens dst with {opened}")
fact.done()
