"""A child process saves a large checkpoint and is killed (os._exit) right after
its first write to the file; the parent then loads the checkpoint."""
import json
import os
import subprocess
import sys

app, work = sys.argv[1], sys.argv[2]
sys.path.insert(0, app)
import checkpoints  # noqa: E402

seq_dir = os.path.join(work, "seq")
os.makedirs(seq_dir)
checkpoints.save(seq_dir, "doc", {"stage": "ocr", "pages": [1, 2, 3]})
sequential = {"loaded": checkpoints.load(seq_dir, "doc"), "files": sorted(os.listdir(seq_dir))}

crash_dir = os.path.join(work, "crash")
os.makedirs(crash_dir)
checkpoints.save(crash_dir, "doc", {"stage": "ocr", "pages": [1]})
child = r'''
import builtins, os, sys
sys.path.insert(0, sys.argv[1])
import checkpoints
real_open = builtins.open
class Dying:
    def __init__(self, f): self.f = f
    def write(self, data):
        self.f.write(data); self.f.flush(); os._exit(9)
    def __getattr__(self, name): return getattr(self.f, name)
    def __enter__(self): return self
    def __exit__(self, *exc): return self.f.__exit__(*exc)
def dying_open(*args, **kwargs):
    f = real_open(*args, **kwargs)
    mode = args[1] if len(args) > 1 else kwargs.get("mode", "r")
    return Dying(f) if "w" in mode else f
builtins.open = dying_open
checkpoints.save(sys.argv[2], "doc", {"stage": "layout", "pages": list(range(5000))})
'''
code = subprocess.run([sys.executable, "-c", child, app, crash_dir], timeout=60).returncode
try:
    state = checkpoints.load(crash_dir, "doc")
    corrupt = 0
    detail = f"checkpoint after the kill (exit {code}) is stage {state['stage']!r}"
except ValueError as e:
    corrupt = 1
    detail = f"checkpoint after the kill (exit {code}) does not parse: {e}"
print(json.dumps({"sequential": sequential, "hazard": corrupt, "detail": detail}))
