"""A child process rewrites the server's YAML settings and is killed (os._exit)
right after its first write to the file; the parent then loads the settings.
They must be the old settings or the new ones, whole."""
import json
import os
import subprocess
import sys

app, work = sys.argv[1], sys.argv[2]
sys.path.insert(0, app)
import settings_store  # noqa: E402

old = {"port": 8080, "plugins": ["a", "b"], "name": "old"}
new = {"port": 9090, "plugins": [f"p{i}" for i in range(3000)], "name": "new"}

seq_dir = os.path.join(work, "seq")
os.makedirs(seq_dir)
settings_store.save(seq_dir, old)
sequential = {"loaded": settings_store.load(seq_dir), "files": sorted(os.listdir(seq_dir))}

crash_dir = os.path.join(work, "crash")
os.makedirs(crash_dir)
settings_store.save(crash_dir, old)
child = r'''
import builtins, json, os, sys
sys.path.insert(0, sys.argv[1])
import settings_store
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
settings_store.save(sys.argv[2], json.loads(sys.argv[3]))
'''
code = subprocess.run(
    [sys.executable, "-c", child, app, crash_dir, json.dumps(new)], timeout=60
).returncode
try:
    loaded = settings_store.load(crash_dir)
except Exception as e:  # a cut document may not parse at all
    loaded = f"unparseable: {e}"
whole = loaded in (old, new)
detail = f"settings after the kill (exit {code}) are " + (
    f"whole ({loaded['name']})" if whole else f"torn: {str(loaded)[:80]!r}"
)
print(json.dumps({"sequential": sequential, "hazard": 0 if whole else 1, "detail": detail}))
