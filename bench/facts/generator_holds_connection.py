"""F-generator-holds: a generator suspended at a `yield` keeps its local
connection open for as long as its consumer iterates; a consumer that stops
early never runs the code after the yield (the close), so the connection waits
for the cyclic garbage collector. Closing before the yield gives it back."""
import gc
import os
import sqlite3

from _fact import Fact, scratch

fact = Fact(
    "F-generator-holds",
    "a generator's connection stays open across each yield, and past an abandoned one",
)
db = os.path.join(scratch(), "t.db")
setup = sqlite3.connect(db)
setup.execute("CREATE TABLE t (x)")
setup.commit()
setup.close()


def open_handles():
    """File descriptors of this process on the database file."""
    fd_dir = "/proc/self/fd"
    return sum(1 for fd in os.listdir(fd_dir) if os.path.realpath(os.path.join(fd_dir, fd)) == db)


def fallback(items):
    yield from items


def keeps_open(items):
    # The lost-race fallback: yield with the connection still open.
    conn = sqlite3.connect(db)
    conn.execute("SELECT * FROM t").fetchall()
    yield from fallback(items)
    conn.close()


def closes_first(items):
    conn = sqlite3.connect(db)
    conn.execute("SELECT * FROM t").fetchall()
    conn.close()
    yield from fallback(items)


gc.collect()
gc.disable()
# Ten generators each suspended at their first item, as nested levels would be.
held = [keeps_open(range(3)) for _ in range(10)]
for g in held:
    next(g)
fact.check(open_handles() == 10, f"ten suspended generators hold {open_handles()} handles")
# The consumers stop early: the close after the yield never runs.
for g in held:
    g.close()
del held, g
left = open_handles()
fact.check(left == 10, f"after the consumers stop early, {left} handles are still open")
gc.collect()
fact.check(open_handles() == 0, f"gc.collect() frees them: {open_handles()} left")
closed = [closes_first(range(3)) for _ in range(10)]
for g in closed:
    next(g)
fact.check(open_handles() == 0, f"closing before the yield: {open_handles()} held while suspended")
gc.enable()
fact.done()
