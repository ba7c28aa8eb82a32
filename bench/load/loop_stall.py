"""How long one blocking sqlite3 call holds an asyncio event loop, by shape (SQF501).

Each case runs handlers as coroutines on one loop, every database call a plain
sync sqlite3 call made on the loop, as a single-process bot or one-worker async
web app does. The stall of a call is the time the loop cannot run anything else:
measured around the sync call itself, and as the lateness of a heartbeat task
that wakes every millisecond (its worst lag is the longest stall anyone saw).

  (a) per-call connection: connect, one keyed SELECT, close; and connect, one-row
      INSERT, commit, close (nothing else opens the file: no lock is ever held
      when a call starts);
  (b) the same INSERT with a commit per item over 50 items (a loop over a
      message's words);
  (c) a full read (`SELECT * FROM t`, fetchall) of a 100k-row table;
  (d) a connection shared by the handlers holding a write transaction across an
      `await` while another handler writes on a per-call connection: the writer
      waits in SQLite's busy handler ON the loop, so the holder can never resume
      and commit; the loop stands still for the whole busy timeout;
  (e) ONE connection shared by every handler and nothing else on the file (a
      bot's module-level connection): 50 handler tasks, each a keyed SELECT,
      a one-row INSERT and a commit per round, every fifth holding its INSERT
      uncommitted across an `await asyncio.sleep(0.01)` (and every fiftieth
      rolling back instead of committing). No second connection, so no call
      waits in the busy handler: each stall is the statement's own time. What
      goes wrong instead is the transaction: the others' statements join the
      open one, so a holder's write is committed by someone else's commit
      before its own, and a holder's rollback takes back the others' writes
      made meanwhile (printed as counts: an interleaving hazard, not a stall).

Plain python3, a scratch folder, default journal mode and synchronous setting
(what a bot that never set a PRAGMA runs), then WAL for (a) and (b). Prints
p50/p99/max per case; the figures depend on the machine's disk (a commit is an
fsync) and load: orders of magnitude, not promises.

    python3 bench/load/loop_stall.py [--timeout 5.0] [--rounds 200]
"""

import argparse
import asyncio
import os
import sqlite3
import statistics
import tempfile
import time


def percentile(values, p):
    values = sorted(values)
    if not values:
        return float("nan")
    k = min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))
    return values[k]


def show(name, stalls, lag):
    ms = [s * 1000 for s in stalls]
    print(
        f"{name:58s} n={len(ms):4d}  p50 {percentile(ms, 50):8.3f} ms  "
        f"p99 {percentile(ms, 99):8.3f} ms  max {max(ms):8.3f} ms  "
        f"heartbeat worst lag {lag * 1000:8.1f} ms"
    )


class Heartbeat:
    """Wakes every millisecond; records how late it woke."""

    def __init__(self):
        self.worst = 0.0
        self.running = True

    async def run(self):
        while self.running:
            before = time.perf_counter()
            await asyncio.sleep(0.001)
            late = time.perf_counter() - before - 0.001
            self.worst = max(self.worst, late)


def setup(path, wal, rows=0):
    conn = sqlite3.connect(path)
    if wal:
        conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, name TEXT, points INTEGER)")
    conn.execute("CREATE TABLE IF NOT EXISTS words (user INTEGER, word TEXT)")
    conn.executemany(
        "INSERT OR IGNORE INTO users VALUES (?, ?, 0)", [(i, f"user{i}") for i in range(1000)]
    )
    if rows:
        conn.execute("CREATE TABLE IF NOT EXISTS log (id INTEGER PRIMARY KEY, user INTEGER, text TEXT)")
        conn.executemany(
            "INSERT INTO log (user, text) VALUES (?, ?)",
            ((i % 1000, "x" * 40) for i in range(rows)),
        )
    conn.commit()
    conn.close()


# The database class of a bot: every method opens its own connection.
class Db:
    def __init__(self, path, timeout):
        self.path = path
        self.timeout = timeout

    def get_user(self, uid):
        conn = sqlite3.connect(self.path, timeout=self.timeout)
        row = conn.execute("SELECT name, points FROM users WHERE id = ?", (uid,)).fetchone()
        conn.close()
        return row

    def add_points(self, uid):
        conn = sqlite3.connect(self.path, timeout=self.timeout)
        conn.execute("UPDATE users SET points = points + 1 WHERE id = ?", (uid,))
        conn.commit()
        conn.close()

    def add_word(self, uid, word):
        conn = sqlite3.connect(self.path, timeout=self.timeout)
        conn.execute("INSERT INTO words VALUES (?, ?)", (uid, word))
        conn.commit()
        conn.close()

    def save_words(self, uid, words):
        conn = sqlite3.connect(self.path, timeout=self.timeout)
        for word in words:
            conn.execute("INSERT INTO words VALUES (?, ?)", (uid, word))
            conn.commit()
        conn.close()

    def all_log(self):
        conn = sqlite3.connect(self.path, timeout=self.timeout)
        rows = conn.execute("SELECT * FROM log").fetchall()
        conn.close()
        return rows


async def timed_calls(calls):
    """Runs each sync call on the loop from its own handler task; the stalls."""
    beat = Heartbeat()
    hb = asyncio.create_task(beat.run())
    stalls = []

    async def handler(call):
        await asyncio.sleep(0)
        start = time.perf_counter()
        call()
        stalls.append(time.perf_counter() - start)

    for call in calls:
        await handler(call)
        await asyncio.sleep(0.002)
    beat.running = False
    await hb
    return stalls, beat.worst


async def held_across_await(path, timeout, trials):
    """(d): a shared connection's write transaction open across an await, and
    another handler's write on its own connection meanwhile."""
    stalls, worst, failed = [], 0.0, 0
    for _ in range(trials):
        shared = sqlite3.connect(path, timeout=timeout)
        db = Db(path, timeout)
        beat = Heartbeat()
        hb = asyncio.create_task(beat.run())

        async def holder():
            shared.execute("UPDATE users SET points = points + 1 WHERE id = 1")
            await asyncio.sleep(0.05)  # an API call, a reply sent: the lock stays held
            shared.commit()

        async def writer():
            nonlocal failed
            await asyncio.sleep(0.01)
            start = time.perf_counter()
            try:
                db.add_points(2)
            except sqlite3.OperationalError:
                failed += 1
            stalls.append(time.perf_counter() - start)

        await asyncio.gather(holder(), writer())
        beat.running = False
        await hb
        worst = max(worst, beat.worst)
        shared.close()
    return stalls, worst, failed


async def one_shared(path, timeout, tasks, rounds, hold_every=5, rollback_every=50):
    """(e): every handler on ONE connection, nothing else opening the file."""
    conn = sqlite3.connect(path, timeout=timeout)
    conn.execute("CREATE TABLE IF NOT EXISTS notes (task INTEGER, round INTEGER, text TEXT)")
    conn.commit()
    beat = Heartbeat()
    hb = asyncio.create_task(beat.run())
    stalls, errors = [], 0
    committed_by_other = 0  # a holder's write already committed when it resumed
    kept = set()  # (task, round) whose writer committed (or another commit did)
    dropped = set()  # (task, round) whose writer rolled back

    def timed(work):
        nonlocal errors
        start = time.perf_counter()
        try:
            work()
        except sqlite3.OperationalError:
            errors += 1
        stalls.append(time.perf_counter() - start)

    async def handler(task):
        nonlocal committed_by_other
        for r in range(rounds):
            await asyncio.sleep(0.001 * (task % 7))
            uid = (task * rounds + r) % 1000
            timed(lambda: conn.execute("SELECT name, points FROM users WHERE id = ?", (uid,)).fetchone())
            timed(lambda: conn.execute("INSERT INTO notes VALUES (?, ?, 'x')", (task, r)))
            n = task * rounds + r
            if n % hold_every == 0:
                await asyncio.sleep(0.01)  # a reply sent, an API call: the write stays open
                if not conn.in_transaction:
                    committed_by_other += 1
            if n % rollback_every == 0:
                timed(conn.rollback)
                dropped.add((task, r))
            else:
                timed(conn.commit)
                kept.add((task, r))

    await asyncio.gather(*(handler(t) for t in range(tasks)))
    beat.running = False
    await hb
    rows = set(conn.execute("SELECT task, round FROM notes").fetchall())
    conn.close()
    lost = len(kept - rows)  # committed by their writer, then taken back by another's rollback
    survived = len(dropped & rows)  # rolled back by their writer, yet committed by another
    return stalls, beat.worst, errors, committed_by_other, lost, survived, len(kept) + len(dropped)


async def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=5.0, help="busy timeout of case (d)")
    parser.add_argument("--rounds", type=int, default=200, help="calls per case (a)")
    parser.add_argument("--trials", type=int, default=2, help="runs of case (d)")
    parser.add_argument("--tasks", type=int, default=50, help="handler tasks of case (e)")
    parser.add_argument("--per-task", type=int, default=20, help="rounds per task of case (e)")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="loop_stall_")
    print(f"sqlite {sqlite3.sqlite_version}, scratch {folder}")
    for wal in (False, True):
        mode = "WAL" if wal else "default journal"
        path = os.path.join(folder, f"bot_{'wal' if wal else 'delete'}.db")
        setup(path, wal)
        db = Db(path, 5.0)
        stalls, lag = await timed_calls([lambda i=i: db.get_user(i % 1000) for i in range(args.rounds)])
        show(f"(a) per-call keyed SELECT [{mode}]", stalls, lag)
        stalls, lag = await timed_calls([lambda i=i: db.add_points(i % 1000) for i in range(args.rounds)])
        show(f"(a) per-call one-row write+commit [{mode}]", stalls, lag)
        words = [f"w{j}" for j in range(50)]
        stalls, lag = await timed_calls(
            [lambda i=i: db.save_words(i, words) for i in range(max(5, args.rounds // 10))]
        )
        show(f"(b) commit per item, 50 items [{mode}]", stalls, lag)
    path = os.path.join(folder, "big.db")
    setup(path, False, rows=100_000)
    db = Db(path, 5.0)
    stalls, lag = await timed_calls([db.all_log for _ in range(20)])
    show("(c) full read of a 100k-row table, fetchall", stalls, lag)
    path = os.path.join(folder, "held.db")
    setup(path, False)
    stalls, lag, failed = await held_across_await(path, args.timeout, args.trials)
    show(f"(d) write while a shared conn holds a tx across await", stalls, lag)
    print(
        f"    (d): {failed} of {args.trials} writes failed with 'database is locked' after "
        f"the {args.timeout:g} s busy timeout, the holder unable to run meanwhile"
    )
    print(f"    (d) median stall {statistics.median(stalls):.2f} s")
    for wal in (False, True):
        mode = "WAL" if wal else "default journal"
        path = os.path.join(folder, f"shared_{'wal' if wal else 'delete'}.db")
        setup(path, wal)
        stalls, lag, errors, joined, lost, survived, writes = await one_shared(
            path, args.timeout, args.tasks, args.per_task
        )
        show(f"(e) one shared connection, {args.tasks} tasks [{mode}]", stalls, lag)
        print(
            f"    (e): {errors} lock errors in {len(stalls)} calls; of {writes} writes, "
            f"{joined} held across an await were committed by another task's commit first, "
            f"{lost} committed by their writer were taken back by another's rollback, "
            f"{survived} rolled back by their writer were kept by another's commit"
        )


if __name__ == "__main__":
    asyncio.run(main())
