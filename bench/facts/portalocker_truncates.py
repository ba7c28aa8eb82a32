"""F-lock-helper-truncates: `portalocker.Lock(path, mode="wb")` empties the file
when it is entered, and a reader that does not take the same lock reads it empty.

portalocker opens the file in append mode, takes the lock, then truncates it
(so a waiting writer does not cut another holder's data); the dump fills it
only afterwards. The lock keeps out only those who ask for it: a plain `open`,
a file watcher, or another program reading the file sees zero bytes or a cut
pickle until the block ends, and a kill inside the block leaves the file so.
"""
import os
import pickle

from _fact import Fact, need, scratch

portalocker = need("portalocker")

fact = Fact(
    "F-lock-helper-truncates",
    "portalocker.Lock(path, 'wb') truncates on entry; an unlocked reader sees an empty file",
)
folder = scratch()
path = os.path.join(folder, "cache.pickle")
cache = {f"key{i}": list(range(20)) for i in range(2000)}
with open(path, "wb") as f:
    pickle.dump(cache, f, protocol=4)
full = os.path.getsize(path)

with portalocker.Lock(path, mode="wb", timeout=1) as cf:
    inside = os.path.getsize(path)
    try:
        with open(path, "rb") as reader:
            pickle.load(reader)
        got = "loaded"
    except EOFError as exc:
        got = f"EOFError: {exc}"
    pickle.dump(cache, cf, protocol=4)
fact.check(inside == 0, f"size inside the block before the dump: {inside} (was {full})")
fact.check(got.startswith("EOFError"), f"an unlocked reader's pickle.load: {got}")

# The fix: lock a separate lock file, write a temporary file, os.replace it.
with portalocker.Lock(path + ".lock", mode="a", timeout=1):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        pickle.dump(cache, f, protocol=4)
        during = os.path.getsize(path)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
fact.check(during == full, f"with a lock file and os.replace, the file keeps its {during} bytes until the rename")
fact.done()
