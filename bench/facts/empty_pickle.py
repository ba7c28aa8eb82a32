"""F-empty-pickle: a reader that opens a pickle another run has just truncated
gets `EOFError`, which `except pickle.UnpicklingError` does not catch.

`open(p, "wb")` empties the file before the first byte of the new pickle is
written; a second process (an editor integration, a parallel hook run) that
loads the file in that window reads zero bytes. `pickle.load` then raises
`EOFError: Ran out of input`, a different class from the `UnpicklingError`
a cut pickle raises; `marshal.load` does the same. Plain python3 is enough.
"""
import marshal
import os
import pickle

from _fact import Fact, scratch

fact = Fact(
    "F-empty-pickle",
    "pickle.load of a just-truncated file raises EOFError, not UnpicklingError",
)
folder = scratch()
path = os.path.join(folder, "cache.pickle")
with open(path, "wb") as f:
    pickle.dump({f"file{i}.py": (i, i * 2.0) for i in range(2000)}, f, protocol=4)

# The writer's truncating open, before its dump has written anything.
writer = open(path, "wb")
try:
    with open(path, "rb") as reader:
        pickle.load(reader)
    got = "loaded"
except pickle.UnpicklingError as exc:
    got = f"UnpicklingError: {exc}"
except EOFError as exc:
    got = f"EOFError: {exc}"
writer.close()
fact.check(got.startswith("EOFError"), f"empty file: {got}")
fact.check(not issubclass(EOFError, pickle.UnpicklingError), "EOFError is not an UnpicklingError")
fact.check(not issubclass(EOFError, ValueError), "nor a ValueError")

full = pickle.dumps({f"file{i}.py": (i, i * 2.0) for i in range(2000)}, protocol=4)
try:
    pickle.loads(full[: len(full) // 2])
    cut = "loaded"
except (pickle.UnpicklingError, EOFError) as exc:
    cut = f"{type(exc).__name__}: {exc}"
fact.note(f"cut in half: {cut}")

try:
    marshal.loads(b"")
    got = "loaded"
except EOFError as exc:
    got = f"EOFError: {exc}"
except ValueError as exc:
    got = f"ValueError: {exc}"
fact.check(got.startswith("EOFError"), f"marshal of an empty file: {got}")
fact.done()
