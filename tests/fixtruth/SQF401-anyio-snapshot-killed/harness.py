"""Child processes save a run's snapshot through anyio (the awaited opener,
then the async path's write_text) and are killed (os._exit) right after their
first write to the file; the parent then resumes the run from the snapshot."""
import json
import os
import subprocess
import sys

import anyio

app, work = sys.argv[1], sys.argv[2]
sys.path.insert(0, app)
import snapshots  # noqa: E402

seq_dir = os.path.join(work, "seq")
os.makedirs(seq_dir)
anyio.run(snapshots.save, seq_dir, "run1", {"turn": 1})
first = snapshots.resume(seq_dir, "run1")
anyio.run(snapshots.save_quick, seq_dir, "run1", {"turn": 2})
sequential = {
    "loaded": [first, snapshots.resume(seq_dir, "run1")],
    "files": sorted(os.listdir(seq_dir)),
}

child = r'''
import builtins, os, sys
import anyio
sys.path.insert(0, sys.argv[1])
import snapshots
real_open = builtins.open
class Dying:
    def __init__(self, f): self.f = f
    def write(self, data):
        self.f.write(data[: len(data) // 2]); self.f.flush(); os._exit(9)
    def __getattr__(self, name): return getattr(self.f, name)
    def __iter__(self): return iter(self.f)
    def __enter__(self): return self
    def __exit__(self, *exc): return self.f.__exit__(*exc)
def dying_open(*args, **kwargs):
    f = real_open(*args, **kwargs)
    mode = args[1] if len(args) > 1 else kwargs.get("mode", "r")
    return Dying(f) if isinstance(mode, str) and "w" in mode else f
builtins.open = dying_open
import io
io.open = dying_open
save = getattr(snapshots, sys.argv[3])
anyio.run(save, sys.argv[2], "run1", {"turn": 2, "messages": list(range(5000))})
'''
torn = 0
details = []
for saver in ("save", "save_quick"):
    crash_dir = os.path.join(work, "crash-" + saver)
    os.makedirs(crash_dir)
    anyio.run(snapshots.save, crash_dir, "run1", {"turn": 1})
    code = subprocess.run([sys.executable, "-c", child, app, crash_dir, saver], timeout=60).returncode
    try:
        state = snapshots.resume(crash_dir, "run1")
        details.append(f"{saver}: resumed at turn {state['turn']} after the kill (exit {code})")
    except ValueError as e:
        torn += 1
        details.append(f"{saver}: snapshot after the kill (exit {code}) does not parse: {e}")
print(json.dumps({"sequential": sequential, "hazard": torn, "detail": "; ".join(details)}))
