"""Downloads a local 'model' (a file:// URL) twice through the app, then has a
child process download it and die after writing half of a chunk (a kill or a
dropped connection); the parent then starts as the next run would: it asks
for the model and measures what it gets."""
import json
import os
import subprocess
import pathlib
import sys

app, work = sys.argv[1], sys.argv[2]
sys.path.insert(0, app)
import modelfetch  # noqa: E402

source = os.path.abspath(os.path.join(work, "source.bin"))
with open(source, "wb") as f:
    f.write(os.urandom(1 << 20))
url = pathlib.Path(source).as_uri()
size = os.path.getsize(source)

out = os.path.join(work, "out")
os.makedirs(out)
first = modelfetch.model_size(modelfetch.ensure_model(url, os.path.join(out, "model.bin")))
again = modelfetch.model_size(modelfetch.ensure_model(url, os.path.join(out, "model.bin")))
sequential = {"sizes": [first == size, again == size], "files": sorted(os.listdir(out))}

crash_dir = os.path.join(work, "crash")
os.makedirs(crash_dir)
target = os.path.join(crash_dir, "model.bin")
child = r'''
import builtins, os, sys
sys.path.insert(0, sys.argv[1])
import modelfetch
real_open = builtins.open
class Dying:
    def __init__(self, f): self.f = f
    def write(self, data):
        self.f.write(data[: len(data) // 2]); self.f.flush(); os._exit(9)
    def __getattr__(self, name): return getattr(self.f, name)
    def __enter__(self): return self
    def __exit__(self, *exc): return self.f.__exit__(*exc)
def dying_open(*args, **kwargs):
    f = real_open(*args, **kwargs)
    mode = args[1] if len(args) > 1 else kwargs.get("mode", "r")
    return Dying(f) if "w" in mode else f
builtins.open = dying_open
modelfetch.ensure_model(sys.argv[2], sys.argv[3])
'''
code = subprocess.run([sys.executable, "-c", child, app, url, target], timeout=60).returncode
got = modelfetch.model_size(modelfetch.ensure_model(url, target))
hazard = 0 if got == size else 1
detail = f"after the kill (exit {code}) the next start uses a {got}-byte model of {size} bytes"
print(json.dumps({"sequential": sequential, "hazard": hazard, "detail": detail}))
