#!/usr/bin/env python3
"""Load test for the sample apps in examples/, before and after `sqlfix --fix --unsafe-fixes`.

Each run copies the app to a temporary folder, starts Uvicorn (one worker) on a
free 127.0.0.1 port with a fresh database, fires N concurrent uploads while every
client polls the status and progress endpoints, waits (bounded) for the
documents to finish, stops the server and checks what it left on disk.

Exit status: 0 every "after" run met the target (and, with --check-before, every
"before" run missed it); 1 a run landed on the wrong side of the target; 2 the
harness could not run (no sqlfix binary, server would not start, ...).

What the harness relies on from an app (examples/<name>): POST /documents
(multipart field "file") returns {"id"}; GET /documents/{id} and
GET /documents/{id}/progress return {"status"} ("done" or "failed" at the end)
and "progress"; GET /metrics is app/metrics.py's snapshot; the data directory
comes from DOCPROC_DATA_DIR and holds docproc.db (tables documents, checkpoints,
stats) and checkpoints/<id>/state.json ({"stages", "completed"}) plus one
<stage>.json ({"pages": [...]}) per stage. An app whose APPS entry names a
"worker" module runs that process beside the web server (same data directory,
its metrics snapshot in DOCPROC_METRICS_FILE); one with "ws_progress" streams
progress on the WebSocket /ws/documents/{id}, which its clients read instead of
polling GET /documents/{id}/progress.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import websockets

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
SERVE = Path(__file__).resolve().parent / "serve.py"
# Every sample app the matrix runs, with what its shape needs from the harness.
APPS = {
    "docproc": {},
    "wrapper_singleton": {},
    "aiosqlite_ws": {"ws_progress": True},
    "sqlalchemy_sync": {},
    "worker_web": {"worker": "app.worker"},
}
DEFAULT_SQLFIX = REPO / "target" / "release" / "sqlfix"
HOST = "127.0.0.1"
LOCKED_TEXT = "database is locked"

TARGET = {
    "locked": 0,
    "failed_requests": 0,
    "lost_documents": 0,
    "counter_drift": 0,
    "write_p99_ms": 100.0,
    "max_stall_ms": 100.0,
}

EXIT_OK, EXIT_MISSED, EXIT_ERROR = 0, 1, 2


class HarnessError(Exception):
    pass


@dataclass
class Rec:
    kind: str
    ms: float
    ok: bool
    status: str
    locked: bool


@dataclass
class Limits:
    uploads: int
    poll_interval: float
    ramp: float
    deadline: float
    idle_timeout: float
    request_timeout: float
    startup_timeout: float
    stop_timeout: float
    stage_delay: float | None
    python: str
    ws_progress: bool = False


@dataclass
class RunResult:
    app: str
    variant: str
    uploads: int
    wall_s: float = 0.0
    requests: int = 0
    failed_requests: int = 0
    failed_by_kind: dict = field(default_factory=dict)
    locked_client: int = 0
    locked_server: int | None = None
    locked_server_log: int = 0
    accepted: int = 0
    finished: int = 0
    unfinished: int = 0
    bad_data: int = 0
    counter_drift: int = 0
    problems: list = field(default_factory=list)
    req_p50_ms: float | None = None
    req_by_kind: dict = field(default_factory=dict)
    req_p99_ms: float | None = None
    upload_p99_ms: float | None = None
    write_p50_ms: float | None = None
    write_p99_ms: float | None = None
    write_max_ms: float | None = None
    max_stall_ms: float | None = None
    stalls_over_100ms: int | None = None
    metrics: dict | None = None
    metrics_source: str = "none"
    server_cpu_s: float | None = None
    loadavg_at_start: float | None = None
    stopped_cleanly: bool = True
    server_log: str = ""

    @property
    def lost_documents(self):
        return self.unfinished + self.bad_data

    @property
    def locked(self):
        server = (
            self.locked_server
            if self.locked_server is not None
            else self.locked_server_log
        )
        return server + self.locked_client

    def misses(self):
        """Reasons this run misses the target; empty when it meets it."""
        out = []
        if self.metrics_source != "endpoint":
            out.append("GET /metrics did not answer")
        if self.locked > TARGET["locked"]:
            out.append(f"{self.locked} locked errors (server + clients)")
        if self.failed_requests > TARGET["failed_requests"]:
            out.append(f"{self.failed_requests} failed requests")
        if self.lost_documents > TARGET["lost_documents"]:
            out.append(f"{self.lost_documents} lost/corrupt documents")
        if self.counter_drift > TARGET["counter_drift"]:
            out.append(f"counters off by {self.counter_drift} (lost updates)")
        if self.write_p99_ms is None or self.write_p99_ms >= TARGET["write_p99_ms"]:
            out.append(
                "write p99 >= 100 ms"
                if self.write_p99_ms is not None
                else "no write timings"
            )
        if self.max_stall_ms is None or self.max_stall_ms > TARGET["max_stall_ms"]:
            out.append(
                "event-loop callback > 100 ms"
                if self.max_stall_ms is not None
                else "no loop timings"
            )
        return out


def pct(values, p):
    if not values:
        return None
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(p / 100.0 * len(values) + 0.5) - 1))
    return round(values[k], 2)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def make_document(i):
    pages = 3 + i % 4
    body = []
    for p in range(1, pages + 1):
        lines = [
            f"Document {i}, page {p}, line {n}: the quick brown fox jumps over the lazy dog."
            for n in range(24)
        ]
        body.append("\n".join(lines))
    return "\f".join(body).encode()


def copy_app(src: Path, dst: Path):
    if not (src / "app" / "main.py").is_file():
        raise HarnessError(f"{src} does not look like a sample app (no app/main.py)")
    shutil.copytree(
        src,
        dst,
        ignore=shutil.ignore_patterns(
            "__pycache__", "*.pyc", "data", ".sqlfix_cache", ".ruff_cache"
        ),
    )


def tree_digest(root: Path):
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*.py"))
    }


@dataclass
class FixReport:
    """What `sqlfix --fix --unsafe-fixes` did to one app, and whether it kept its word."""

    app: str
    promised: int | None = None
    applied: int | None = None
    changed: list = field(default_factory=list)
    second_run_changed: list = field(default_factory=list)
    ruff_before: list = field(default_factory=list)
    ruff_after: list = field(default_factory=list)

    @property
    def ruff_new(self):
        # Compared by rule code and file, not line: a fix moves lines.
        def key(line):
            path, _, rest = line.partition(":")
            return (path, rest.split(" ", 2)[1] if " " in rest else rest)

        before = [key(x) for x in self.ruff_before]
        new = []
        for line in self.ruff_after:
            k = key(line)
            if k in before:
                before.remove(k)
            else:
                new.append(line)
        return new

    def problems(self):
        out = []
        if self.promised != self.applied:
            out.append(
                f"dry run promised {self.promised} fixes, --fix applied {self.applied}"
            )
        if self.second_run_changed:
            out.append(
                "a second --fix --unsafe-fixes changed "
                + ", ".join(self.second_run_changed)
            )
        if self.ruff_new:
            out.append(f"{len(self.ruff_new)} new ruff finding(s)")
        return out


def run_sqlfix(sqlfix: Path, args, cwd: Path, log_path: Path):
    cmd = [str(sqlfix), *args, "."]
    try:
        proc = subprocess.run(
            cmd, cwd=cwd, check=False, capture_output=True, text=True, timeout=300
        )
    except subprocess.TimeoutExpired:
        raise HarnessError("sqlfix did not finish within 300 s")
    with open(log_path, "a") as f:
        f.write(f"$ {' '.join(cmd)}\n{proc.stdout}{proc.stderr}\n")
    # 1 only means some findings had no automatic fix.
    if proc.returncode not in (0, 1):
        raise HarnessError(
            f"sqlfix exited {proc.returncode}:\n{proc.stderr.strip()[-2000:]}"
        )
    return proc.stdout + proc.stderr


def count_after(text, pattern):
    m = re.search(pattern, text)
    return int(m.group(1)) if m else 0


def ruff_findings(python: str, root: Path):
    """`ruff check` with its default rules and, separately, its import-sorting rules
    (`--select I`: generated imports must land in the right group and order), no
    project configuration, one line each."""
    found = []
    for extra in ([], ["--select", "I"]):
        proc = subprocess.run(
            [
                python,
                "-m",
                "ruff",
                "check",
                "--isolated",
                "--no-cache",
                *extra,
                "--output-format",
                "concise",
                ".",
            ],
            cwd=root,
            check=False,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if proc.returncode not in (0, 1):
            raise HarnessError(f"ruff failed: {proc.stderr.strip()[-1000:]}")
        found.extend(
            line
            for line in proc.stdout.splitlines()
            if re.match(r"\S+\.py:\d+:\d+: ", line)
        )
    return found


def fix_app(name, sqlfix: Path, src: Path, dst: Path, work: Path, python: str, log):
    """Copies the app to dst and fixes it; also checks the fix: a second run changes
    nothing, the dry run's count equals what --fix applies, ruff reports nothing new."""
    if not (sqlfix.is_file() and os.access(sqlfix, os.X_OK)):
        raise HarnessError(
            f"sqlfix binary not found at {sqlfix}: build it (cargo build --release), "
            "pass --sqlfix PATH, point --fixed-dir at a fixed copy, or use --only before"
        )
    copy_app(src, dst)
    rep = FixReport(app=name)
    log_path = work / f"sqlfix-{name}.log"
    rep.ruff_before = ruff_findings(python, dst)
    dry = run_sqlfix(sqlfix, ["--dry-run", "--unsafe-fixes"], dst, log_path)
    rep.promised = count_after(dry, r"(\d+) fixable with --fix") + count_after(
        dry, r"(\d+) more fixable with --fix --unsafe-fixes"
    )
    before = tree_digest(dst)
    out = run_sqlfix(sqlfix, ["--fix", "--unsafe-fixes"], dst, log_path)
    rep.applied = count_after(out, r"Fixed (\d+) findings?")
    after = tree_digest(dst)
    rep.changed = sorted(k for k in after if before.get(k) != after[k])
    run_sqlfix(sqlfix, ["--fix", "--unsafe-fixes"], dst, log_path)
    again = tree_digest(dst)
    rep.second_run_changed = sorted(k for k in again if after.get(k) != again[k])
    rep.ruff_after = ruff_findings(python, dst)
    log(
        f"{name}: sqlfix changed {len(rep.changed)} file(s): "
        f"{', '.join(rep.changed) or 'none'}; promised {rep.promised}, applied {rep.applied}"
    )
    return rep


def app_path(name):
    return EXAMPLES / name


def prepare_variants(args, name, work: Path, log):
    variants, report = {}, None
    src = app_path(name)
    if args.only in ("before", "both"):
        copy_app(src, work / "before")
        variants["before"] = work / "before"
    if args.only in ("after", "both"):
        dst = work / "after"
        if args.fixed_dir:
            copy_app(args.fixed_dir, dst)
        else:
            report = fix_app(name, args.sqlfix, src, dst, work, args.python, log)
        variants["after"] = dst
    return variants, report


class Server:
    """One Uvicorn process for one run; always stopped by stop()."""

    def __init__(self, appdir: Path, rundir: Path, lim: Limits, spec: dict):
        self.appdir, self.rundir, self.lim, self.spec = appdir, rundir, lim, spec
        self.port = free_port()
        self.base = f"http://{HOST}:{self.port}"
        self.log_path = rundir / "server.log"
        # The app's metrics thread mirrors /metrics here, for when its event loop is wedged.
        self.metrics_path = rundir / "metrics.json"
        # serve.py's event-loop callback timings.
        self.loop_path = rundir / "loop.json"
        self.worker_log_path = rundir / "worker.log"
        self.worker_metrics_path = rundir / "worker-metrics.json"
        self.proc = None
        self.worker = None

    def _env(self, metrics_path):
        env = {k: v for k, v in os.environ.items() if not k.startswith("DOCPROC_")}
        env.update(
            DOCPROC_DATA_DIR=str(self.rundir / "data"),
            DOCPROC_METRICS_FILE=str(metrics_path),
            LOAD_LOOP_FILE=str(self.loop_path),
            PYTHONDONTWRITEBYTECODE="1",
            PYTHONUNBUFFERED="1",
        )
        if self.lim.stage_delay is not None:
            env["DOCPROC_STAGE_DELAY"] = str(self.lim.stage_delay)
        return env

    def start(self):
        env = self._env(self.metrics_path)
        cmd = [
            self.lim.python,
            str(SERVE),
            "app.main:app",
            "--host",
            HOST,
            "--port",
            str(self.port),
            "--workers",
            "1",
            "--no-access-log",
            "--timeout-graceful-shutdown",
            "5",
        ]
        if self.spec.get("worker"):
            self._worker_log = open(self.worker_log_path, "wb")  # noqa: SIM115 - closed in stop()
            self.worker = subprocess.Popen(
                [self.lim.python, "-m", self.spec["worker"]],
                cwd=self.appdir,
                env=self._env(self.worker_metrics_path),
                stdout=self._worker_log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._log = open(self.log_path, "wb")  # noqa: SIM115 - the server writes to it until stop()
        self.proc = subprocess.Popen(
            cmd,
            cwd=self.appdir,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + self.lim.startup_timeout
        with httpx.Client(base_url=self.base, timeout=1.0, trust_env=False) as c:
            for _ in range(int(self.lim.startup_timeout / 0.1) + 1):
                if self.proc.poll() is not None:
                    raise HarnessError(
                        f"server exited with {self.proc.returncode}:\n{self.log_tail()}"
                    )
                if self.worker is not None and self.worker.poll() is not None:
                    raise HarnessError(
                        f"worker exited with {self.worker.returncode}:\n"
                        + self.worker_log_path.read_text(errors="replace")[-3000:]
                    )
                try:
                    if c.get("/healthz").status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    break
                time.sleep(0.1)
        raise HarnessError(
            f"server not ready after {self.lim.startup_timeout} s:\n{self.log_tail()}"
        )

    def stop(self):
        """Returns True when the server (and worker) exited on SIGINT, False when one
        had to be killed."""
        clean = True
        for proc in (self.proc, self.worker):
            if proc is None or proc.poll() is not None:
                continue
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=self.lim.stop_timeout)
            except subprocess.TimeoutExpired:
                clean = False
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        self._log.close()
        if self.worker is not None:
            self._worker_log.close()
        return clean

    def cpu_seconds(self):
        """User+system CPU the server has used so far (Linux /proc; None elsewhere)."""
        try:
            fields = (
                Path(f"/proc/{self.proc.pid}/stat")
                .read_text()
                .rsplit(")", 1)[1]
                .split()
            )
            return round(
                (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), 2
            )
        except (OSError, ValueError, IndexError, AttributeError):
            return None

    def log_tail(self, n=3000):
        try:
            return self.log_path.read_text(errors="replace")[-n:]
        except OSError:
            return ""


async def drive_clients(base, lim: Limits, records: list, accepted: dict):
    """Uploads lim.uploads documents (started within lim.ramp s) and polls each until it ends."""
    loop = asyncio.get_running_loop()
    t_end = loop.time() + lim.deadline
    stop = asyncio.Event()
    last_change = [loop.time()]
    seen = {}

    async def request(client, kind, method, url, **kw):
        t0 = time.perf_counter()
        try:
            r = await client.request(method, url, **kw)
        except httpx.HTTPError as e:
            records.append(
                Rec(
                    kind,
                    (time.perf_counter() - t0) * 1e3,
                    False,
                    type(e).__name__,
                    False,
                )
            )
            return None
        ms = (time.perf_counter() - t0) * 1e3
        ok = r.status_code < 400
        records.append(Rec(kind, ms, ok, str(r.status_code), LOCKED_TEXT in r.text))
        if not ok:
            return None
        try:
            return r.json()
        except ValueError:
            records[-1] = Rec(kind, ms, False, "bad json", False)
            return None

    async def one(client, i, start):
        await start.wait()
        # Spread the starts over `ramp` seconds: every pipeline runs for seconds, so all
        # N are still in flight together, without one synthetic same-millisecond burst.
        await asyncio.sleep(lim.ramp * i / max(1, lim.uploads))
        body = await request(
            client,
            "upload",
            "POST",
            "/documents",
            files={"file": (f"doc{i}.txt", make_document(i), "text/plain")},
        )
        if not body or "id" not in body:
            return
        doc_id = body["id"]
        accepted[doc_id] = i
        last_change[0] = loop.time()
        reader = None
        if lim.ws_progress:
            reader = asyncio.create_task(watch_ws(doc_id))
        try:
            await poll(client, doc_id, reader)
        finally:
            if reader is not None:
                reader.cancel()
                await asyncio.gather(reader, return_exceptions=True)

    def note(doc_id, st):
        key = (st.get("status"), st.get("progress"), st.get("stage"))
        if seen.get(doc_id) != key:
            seen[doc_id] = key
            last_change[0] = loop.time()
        return st.get("status") in ("done", "failed")

    async def watch_ws(doc_id):
        """Reads the app's progress stream; a connection that fails or closes before
        the document ends counts as a failed request."""
        url = f"ws://{base.split('://', 1)[1]}/ws/documents/{doc_id}"
        t0 = time.perf_counter()
        status = "closed early"
        try:
            async with websockets.connect(
                url, open_timeout=lim.request_timeout, proxy=None
            ) as ws:
                async for message in ws:
                    if note(doc_id, json.loads(message)):
                        status = "done"
                        break
        except asyncio.CancelledError:
            status = "cancelled"
            raise
        except (OSError, ValueError, websockets.WebSocketException) as e:
            status = type(e).__name__
        finally:
            ms = (time.perf_counter() - t0) * 1e3
            ok = status in ("done", "cancelled")
            records.append(Rec("ws", ms, ok, status, False))

    async def poll(client, doc_id, reader):
        for n in range(int(lim.deadline / lim.poll_interval) + 1):
            if stop.is_set() or loop.time() > t_end:
                return
            await asyncio.sleep(lim.poll_interval)
            if reader is not None and reader.done():
                return
            kind, url = (
                ("progress", f"/documents/{doc_id}/progress")
                if n % 2 == 0 and reader is None
                else ("status", f"/documents/{doc_id}")
            )
            st = await request(client, kind, "GET", url)
            if st is None:
                continue
            if note(doc_id, st):
                return

    async def watchdog(tasks):
        # Gives up early when no document has moved for idle_timeout: the rest are stuck.
        for _ in range(int(lim.deadline / 0.25) + 1):
            if all(t.done() for t in tasks) or loop.time() > t_end:
                break
            if loop.time() - last_change[0] > lim.idle_timeout:
                break
            await asyncio.sleep(0.25)
        stop.set()

    conns = lim.uploads * 2 + 10
    async with httpx.AsyncClient(
        base_url=base,
        timeout=lim.request_timeout,
        trust_env=False,
        limits=httpx.Limits(max_connections=conns, max_keepalive_connections=conns),
    ) as client:
        start = asyncio.Event()
        tasks = [asyncio.create_task(one(client, i, start)) for i in range(lim.uploads)]
        dog = asyncio.create_task(watchdog(tasks))
        await asyncio.sleep(0.05)
        start.set()
        grace = lim.deadline + lim.request_timeout + 5
        _, pending = await asyncio.wait(tasks + [dog], timeout=grace)
        for t in pending:
            t.cancel()
        await asyncio.gather(*pending, return_exceptions=True)


def fetch_json(base, path, timeout):
    try:
        with httpx.Client(base_url=base, timeout=timeout, trust_env=False) as c:
            r = c.get(path)
            return r.json() if r.status_code == 200 else None
    except (httpx.HTTPError, ValueError):
        return None


def verify(datadir: Path, accepted: dict, res: RunResult):
    """Counts documents that did not finish or whose checkpoint rows/files are missing or corrupt."""
    dbfile = datadir / "docproc.db"
    if not dbfile.exists():
        res.unfinished = len(accepted)
        res.problems.append("no database file")
        return
    conn = sqlite3.connect(dbfile, timeout=10)
    try:
        docs = {
            r[0]: r[1:]
            for r in conn.execute("SELECT id, status, progress, pages FROM documents")
        }
        rows = {}
        for doc_id, stage, n in conn.execute(
            "SELECT doc_id, stage, COUNT(*) FROM checkpoints GROUP BY doc_id, stage"
        ):
            rows.setdefault(doc_id, {})[stage] = n
        stats = dict(conn.execute("SELECT name, value FROM stats").fetchall())
    finally:
        conn.close()

    done_pages = 0
    stage_pages = 0
    for doc_id in sorted(set(accepted) | set(docs)):
        row = docs.get(doc_id)
        if row is None:
            res.unfinished += 1
            res.problems.append(f"{doc_id[:8]}: accepted but no row")
            continue
        status, progress, pages = row
        state_path = datadir / "checkpoints" / doc_id / "state.json"
        state, issues = None, []
        try:
            state = json.loads(state_path.read_text())
        except FileNotFoundError:
            issues.append("state.json missing")
        except ValueError:
            issues.append("state.json corrupt")
        if state is not None and pages:
            stage_pages += pages * len(state.get("completed", []))
        if status != "done":
            res.unfinished += 1
            res.problems.append(
                f"{doc_id[:8]}: status {status}"
                + (" (upload never acknowledged)" if doc_id not in accepted else "")
            )
            continue
        res.finished += 1
        done_pages += pages or 0
        if progress != 100:
            issues.append(f"progress {progress}")
        if state is not None:
            stages = state.get("stages") or []
            if not stages or state.get("completed") != stages:
                issues.append("state.json: stages not all completed")
            for stage in stages:
                try:
                    out = json.loads((state_path.parent / f"{stage}.json").read_text())
                    if len(out.get("pages", [])) != pages:
                        issues.append(
                            f"{stage}.json: {len(out.get('pages', []))} pages, want {pages}"
                        )
                except FileNotFoundError:
                    issues.append(f"{stage}.json missing")
                except ValueError:
                    issues.append(f"{stage}.json corrupt")
                got = rows.get(doc_id, {}).get(stage, 0)
                if got != pages:
                    issues.append(f"{got} checkpoint rows for {stage}, want {pages}")
        if issues:
            res.bad_data += 1
            res.problems.append(f"{doc_id[:8]}: " + "; ".join(issues[:3]))

    # The counters are read-then-write updates; a lost update shows up as drift.
    expected = {
        "documents_uploaded": len(docs),
        "documents_processed": res.finished,
        "pages_processed": stage_pages,
    }
    res.counter_drift = sum(abs(stats.get(k, 0) - v) for k, v in expected.items())
    if res.counter_drift:
        res.problems.append(f"stats {stats} vs expected {expected}")


def run_once(name, variant, appdir: Path, work: Path, lim: Limits, log):
    rundir = work / f"{variant}-{lim.uploads}"
    (rundir / "data").mkdir(parents=True)
    res = RunResult(app=name, variant=variant, uploads=lim.uploads)
    # Timings are only comparable on an otherwise idle machine; record how idle it was.
    res.loadavg_at_start = (
        round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None
    )
    server = Server(appdir, rundir, lim, APPS.get(name, {}))
    records: list[Rec] = []
    accepted: dict = {}
    t0 = time.monotonic()
    try:
        server.start()
        asyncio.run(drive_clients(server.base, lim, records, accepted))
        res.metrics = fetch_json(
            server.base, "/metrics", timeout=min(10.0, lim.request_timeout)
        )
        res.server_cpu_s = server.cpu_seconds()
        res.metrics_source = "endpoint" if res.metrics else "none"
    finally:
        res.stopped_cleanly = server.stop()
    if res.metrics is None:
        try:
            res.metrics = json.loads(server.metrics_path.read_text())
            res.metrics_source = "file (GET /metrics did not answer)"
        except (OSError, ValueError):
            pass
    res.wall_s = round(time.monotonic() - t0, 2)
    res.server_log = str(server.log_path)
    res.locked_server_log = server.log_tail(n=10**9).count(LOCKED_TEXT)
    if server.worker is not None:
        res.locked_server_log += server.worker_log_path.read_text(
            errors="replace"
        ).count(LOCKED_TEXT)

    res.requests = len(records)
    for r in records:
        if not r.ok:
            res.failed_requests += 1
            key = f"{r.kind} {r.status}"
            res.failed_by_kind[key] = res.failed_by_kind.get(key, 0) + 1
        res.locked_client += r.locked
    # A WebSocket stream lasts as long as its document: not a request latency.
    lat = [r.ms for r in records if r.kind != "ws"]
    res.req_p50_ms, res.req_p99_ms = pct(lat, 50), pct(lat, 99)
    res.upload_p99_ms = pct([r.ms for r in records if r.kind == "upload"], 99)
    for kind in sorted({r.kind for r in records}):
        ms = [r.ms for r in records if r.kind == kind]
        res.req_by_kind[kind] = {
            "count": len(ms),
            "p50": pct(ms, 50),
            "p99": pct(ms, 99),
            "max": round(max(ms), 2),
        }
    res.accepted = len(accepted)

    m = res.metrics
    if m:
        res.locked_server = m["locked_errors"]
        res.write_p50_ms, res.write_p99_ms, res.write_max_ms = (
            m["write"]["p50_ms"],
            m["write"]["p99_ms"],
            m["write"]["max_ms"],
        )
    if m and server.worker is not None:
        # The worker process writes too; its units count against the same target.
        try:
            w = json.loads(server.worker_metrics_path.read_text())
        except (OSError, ValueError):
            w = None
            res.problems.append("no worker metrics")
            res.write_p99_ms = None
        if w:
            res.locked_server += w["locked_errors"]
            # p99 over two processes without their samples: the larger is an upper bound.
            for attr, key in (
                ("write_p50_ms", "p50_ms"),
                ("write_p99_ms", "p99_ms"),
                ("write_max_ms", "max_ms"),
            ):
                values = [
                    v for v in (getattr(res, attr), w["write"][key]) if v is not None
                ]
                setattr(res, attr, max(values) if values else None)
    try:
        lp = json.loads(server.loop_path.read_text())
        res.max_stall_ms = lp["max_callback_ms"]
        res.stalls_over_100ms = lp["callbacks_over_100ms"]
    except (OSError, ValueError, KeyError):
        res.problems.append("no event-loop timings from serve.py")
    verify(rundir / "data", accepted, res)
    log(
        f"{variant} x{lim.uploads}: {res.wall_s} s, {res.finished}/{lim.uploads} done, "
        f"{res.failed_requests} failed requests, {res.locked} locked"
    )
    return res


def fmt(v, unit=""):
    if v is None:
        return "n/a"
    if isinstance(v, float):
        return f"{v:,.1f}{unit}"
    return f"{v}{unit}"


def table(results):
    rows = [
        ("uploads accepted", lambda r: f"{r.accepted}/{r.uploads}"),
        (
            '"database is locked", server',
            lambda r: (
                fmt(r.locked_server)
                if r.locked_server is not None
                else f"{r.locked_server_log} (log)"
            ),
        ),
        ('"database is locked", clients', lambda r: fmt(r.locked_client)),
        ("failed requests", lambda r: f"{r.failed_requests}/{r.requests}"),
        ("documents not finished", lambda r: fmt(r.unfinished)),
        ("documents with missing/corrupt data", lambda r: fmt(r.bad_data)),
        ("stats counter drift (lost updates)", lambda r: fmt(r.counter_drift)),
        (
            "request p50 / p99 ms",
            lambda r: f"{fmt(r.req_p50_ms)} / {fmt(r.req_p99_ms)}",
        ),
        (
            "write-transaction p50 / p99 ms",
            lambda r: f"{fmt(r.write_p50_ms)} / {fmt(r.write_p99_ms)}",
        ),
        ("upload request p99 ms", lambda r: fmt(r.upload_p99_ms)),
        ("longest event-loop callback ms", lambda r: fmt(r.max_stall_ms)),
        ("wall time s", lambda r: fmt(r.wall_s)),
        (
            "GET /metrics answered",
            lambda r: "yes" if r.metrics_source == "endpoint" else "no",
        ),
        ("1-min load average at start", lambda r: fmt(r.loadavg_at_start)),
        ("target", lambda r: "met" if not r.misses() else "MISSED"),
    ]
    heads = [f"{r.variant} x{r.uploads}" for r in results]
    rows.insert(0, ("app", lambda r: r.app))
    cells = [[f(r) for r in results] for _, f in rows]
    w0 = max(len(name) for name, _ in rows)
    ws = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(heads)]
    lines = ["  ".join([" " * w0] + [h.rjust(w) for h, w in zip(heads, ws)])]
    for (name, _), c in zip(rows, cells):
        lines.append("  ".join([name.ljust(w0)] + [v.rjust(w) for v, w in zip(c, ws)]))
    lines.append("")
    lines.append(
        "target: 0 locked, 0 failed requests, 0 lost/corrupt documents, 0 counter drift, "
        "write p99 < 100 ms, no event-loop callback > 100 ms"
    )
    for r in results:
        miss = r.misses()
        if miss:
            lines.append(f"{r.app} {r.variant} x{r.uploads} missed: {', '.join(miss)}")
            if r.failed_by_kind:
                lines.append(f"    failed requests: {r.failed_by_kind}")
            for p in r.problems[:5]:
                lines.append(f"    {p}")
            if len(r.problems) > 5:
                lines.append(f"    ... {len(r.problems) - 5} more")
    return "\n".join(lines)


def verdict(r: RunResult):
    """One line per run, for scripts and the test suite to match exactly."""
    return f"verdict: {r.app} {r.variant} x{r.uploads}: " + (
        "met" if not r.misses() else "MISSED"
    )


def to_json(r: RunResult):
    return {
        "app": r.app,
        "variant": r.variant,
        "uploads": r.uploads,
        "wall_s": r.wall_s,
        "accepted": r.accepted,
        "finished": r.finished,
        "locked_server": r.locked_server,
        "locked_server_log": r.locked_server_log,
        "locked_client": r.locked_client,
        "requests": r.requests,
        "failed_requests": r.failed_requests,
        "failed_by_kind": r.failed_by_kind,
        "unfinished": r.unfinished,
        "bad_data": r.bad_data,
        "lost_documents": r.lost_documents,
        "counter_drift": r.counter_drift,
        "upload_p99_ms": r.upload_p99_ms,
        "request_ms": {
            "p50": r.req_p50_ms,
            "p99": r.req_p99_ms,
            "by_kind": r.req_by_kind,
        },
        "write_ms": {
            "p50": r.write_p50_ms,
            "p99": r.write_p99_ms,
            "max": r.write_max_ms,
        },
        "max_stall_ms": r.max_stall_ms,
        "stalls_over_100ms": r.stalls_over_100ms,
        "stopped_cleanly": r.stopped_cleanly,
        "server_cpu_s": r.server_cpu_s,
        "loadavg_at_start": r.loadavg_at_start,
        "met_target": not r.misses(),
        "misses": r.misses(),
        "problems": r.problems[:20],
        "metrics_source": r.metrics_source,
        "metrics": r.metrics,
    }


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--uploads",
        type=int,
        default=50,
        help="concurrent uploads per run (default 50)",
    )
    ap.add_argument("--matrix", action="store_true", help="run 10, 25 and 50 uploads")
    ap.add_argument(
        "--fast",
        action="store_true",
        help="10 uploads, short bounds: for the test suite",
    )
    ap.add_argument("--only", choices=("before", "after", "both"), default="both")
    ap.add_argument(
        "--app",
        action="append",
        choices=sorted(APPS),
        help="run this sample app (repeatable; default: every app in examples/)",
    )
    ap.add_argument(
        "--sqlfix",
        type=Path,
        default=DEFAULT_SQLFIX,
        help="sqlfix binary (default target/release/sqlfix)",
    )
    ap.add_argument(
        "--fixed-dir",
        type=Path,
        help="an already-fixed copy of the app (one --app); skips running sqlfix",
    )
    ap.add_argument(
        "--strict-fixes",
        action="store_true",
        help="also fail when a fix check fails (dry-run count, second run, new ruff findings)",
    )
    ap.add_argument(
        "--fixes-only",
        action="store_true",
        help="only the fix check of each app (no server, no load); exits 1 when one fails",
    )
    ap.add_argument(
        "--check-before",
        action="store_true",
        help="also fail when the 'before' app meets the target",
    )
    ap.add_argument(
        "--json", action="store_true", help="print machine-readable results on stdout"
    )
    ap.add_argument(
        "--poll-interval",
        type=float,
        default=0.5,
        help="seconds between a client's polls (default 0.5)",
    )
    ap.add_argument(
        "--ramp",
        type=float,
        default=0.5,
        help="spread upload starts over this many seconds (default 0.5; 0 = all in one burst)",
    )
    ap.add_argument(
        "--deadline",
        type=float,
        help="max seconds of load per run (default 60 + 2 x uploads)",
    )
    ap.add_argument(
        "--idle-timeout",
        type=float,
        help="stop waiting when no document moved for this long (default 15)",
    )
    ap.add_argument(
        "--request-timeout",
        type=float,
        help="client timeout per request (default 10, --fast 5)",
    )
    ap.add_argument(
        "--stage-delay",
        type=float,
        help="DOCPROC_STAGE_DELAY for the app (its default: 0.1 s)",
    )
    ap.add_argument(
        "--python",
        default=sys.executable,
        help="interpreter that runs Uvicorn (default: this one)",
    )
    ap.add_argument(
        "--workdir",
        type=Path,
        help="parent folder for the temporary copies (default: system temp)",
    )
    ap.add_argument(
        "--keep",
        action="store_true",
        help="keep the temporary folder (logs, databases, checkpoints)",
    )
    args = ap.parse_args(argv)
    if args.fast:
        args.uploads = 10
        args.deadline = args.deadline or 30.0
        args.idle_timeout = args.idle_timeout or 5.0
        args.request_timeout = args.request_timeout or 5.0
    args.request_timeout = args.request_timeout or 10.0
    args.app = args.app or list(APPS)
    if args.fixes_only:
        args.only = "after"
        args.strict_fixes = True
    if args.fixed_dir and len(args.app) != 1:
        ap.error("--fixed-dir needs exactly one --app")
    for name in ("sqlfix", "fixed_dir"):
        p = getattr(args, name)
        if p is not None and not p.is_absolute():
            setattr(args, name, (Path.cwd() / p).resolve())
    if args.uploads < 1 or args.uploads > 500:
        ap.error("--uploads must be between 1 and 500")
    return args


def main(argv=None):
    args = parse_args(argv)
    out = sys.stderr if args.json else sys.stdout

    def log(msg):
        print(f"[load] {msg}", file=sys.stderr, flush=True)

    sizes = [10, 25, 50] if args.matrix else [args.uploads]
    if args.fixes_only:
        sizes = []
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="sqlfix-load-", dir=args.workdir))
    results, reports = [], []
    try:
        for name in args.app:
            variants, report = prepare_variants(args, name, work / name, log)
            if report is not None:
                reports.append(report)
            for n in sizes:
                lim = Limits(
                    uploads=n,
                    poll_interval=args.poll_interval,
                    ramp=args.ramp,
                    deadline=args.deadline or 60.0 + 2.0 * n,
                    idle_timeout=args.idle_timeout or 15.0,
                    request_timeout=args.request_timeout,
                    startup_timeout=20.0,
                    stop_timeout=10.0 if args.fast else 15.0,
                    stage_delay=args.stage_delay,
                    python=args.python,
                    ws_progress=bool(APPS[name].get("ws_progress")),
                )
                for variant, appdir in variants.items():
                    results.append(
                        run_once(name, variant, appdir, work / name, lim, log)
                    )
    except HarnessError as e:
        print(f"load harness: {e}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    wrong = [r for r in results if r.variant == "after" and r.misses()]
    if args.check_before:
        wrong += [r for r in results if r.variant == "before" and not r.misses()]
    bad_fixes = [rep for rep in reports if rep.problems()]
    if args.json:
        print(
            json.dumps(
                {
                    "target": TARGET,
                    "runs": [to_json(r) for r in results],
                    "fixes": [
                        {
                            "app": rep.app,
                            "promised": rep.promised,
                            "applied": rep.applied,
                            "changed": rep.changed,
                            "second_run_changed": rep.second_run_changed,
                            "ruff_new": rep.ruff_new,
                            "problems": rep.problems(),
                        }
                        for rep in reports
                    ],
                    "ok": not wrong and not bad_fixes,
                },
                indent=2,
            )
        )
    for name in args.app:
        runs = [r for r in results if r.app == name]
        if runs:
            print(table(runs), file=out)
            print(file=out)
    for rep in reports:
        problems = rep.problems()
        summary = (
            f"promised {rep.promised}, applied {rep.applied}, "
            f"ruff findings {len(rep.ruff_before)} before, {len(rep.ruff_after)} after"
        )
        status = "; ".join(problems) if problems else "ok"
        print(f"fix check: {rep.app}: {status} ({summary})", file=out)
        for line in rep.ruff_new:
            print(f"    ruff: {line}", file=out)
    for r in results:
        print(verdict(r), file=out)
    return EXIT_MISSED if wrong or (args.strict_fixes and bad_fixes) else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
