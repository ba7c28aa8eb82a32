"""Two processes of the tool (the recorder and the compactor) save the same
ledger file in a loop. With one shared temporary name, a process's rename
finds its temporary file already moved by the other (FileNotFoundError), or
publishes a file the other was still writing; a reader then fails to parse it."""
import json
import os
import subprocess
import sys

app, work = sys.argv[1], sys.argv[2]
sys.path.insert(0, app)
from ledger import store  # noqa: E402

seq = os.path.join(work, "seq.json")
store.save(seq, {"round": 0})
store.save(seq, {"round": 1})
sequential = {"loaded": store.load(seq), "files": sorted(os.listdir(work))}

target = os.path.join(work, "ledger.json")
store.save(target, {"by": "start", "round": -1, "rows": []})
env = dict(os.environ, PYTHONPATH=app)
procs = [
    subprocess.Popen(
        [sys.executable, "-m", f"ledger.{name}", target, "150"],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    for name in ("recorder", "compactor")
]
failed = []
torn = 0
reads = 0
while any(p.poll() is None for p in procs):
    try:
        store.load(target)
    except ValueError:
        torn += 1
    except FileNotFoundError:
        pass
    reads += 1
for p in procs:
    err = p.communicate(timeout=60)[1]
    if p.returncode != 0:
        failed.append(err.strip().splitlines()[-1] if err.strip() else f"exit {p.returncode}")
try:
    store.load(target)
except ValueError:
    torn += 1
leftovers = [f for f in os.listdir(work) if f.startswith("ledger") and f.endswith(".tmp")]
print(json.dumps({
    "sequential": sequential,
    "hazard": len(failed) + torn,
    "detail": f"failed savers: {failed or 'none'}; torn reads: {torn} of {reads}; leftover temporary files: {len(leftovers)}",
}))
