"""Runs the extensionless tool twice on one cache, then has a child process
save a large cache through it and die after writing half of the bytes (a kill
or a full disk); the parent then loads the cache as the next run would."""
import importlib.machinery
import importlib.util
import json
import os
import pickle
import subprocess
import sys
import zlib

app, work = sys.argv[1], sys.argv[2]
script = os.path.join(app, "wordcache")


def load_tool():
    loader = importlib.machinery.SourceFileLoader("wordcache", script)
    spec = importlib.util.spec_from_loader("wordcache", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


tool = load_tool()
out = os.path.join(work, "out")
os.makedirs(out)
seq = os.path.join(out, "wordcache.cache")
runs = [
    subprocess.run([sys.executable, script, out, *words], capture_output=True, text=True, timeout=60).stdout.strip()
    for words in (["a", "bb"], ["bb", "ccc"])
]
sequential = {"runs": runs, "loaded": tool.load_cache(seq), "files": sorted(os.listdir(out))}

crash = os.path.join(work, "crash.cache")
tool.save_cache(crash, {"kept": 1})
child = r'''
import builtins, importlib.machinery, importlib.util, os, sys
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
loader = importlib.machinery.SourceFileLoader("wordcache", sys.argv[1])
spec = importlib.util.spec_from_loader("wordcache", loader)
tool = importlib.util.module_from_spec(spec)
loader.exec_module(tool)
builtins.open = dying_open
tool.save_cache(sys.argv[2], {str(i): i for i in range(20000)})
'''
code = subprocess.run([sys.executable, "-c", child, script, crash], timeout=60).returncode
try:
    cache = tool.load_cache(crash)
    corrupt = 0
    detail = f"cache after the kill (exit {code}) loads, {len(cache)} entries"
except (EOFError, pickle.UnpicklingError, zlib.error) as e:
    corrupt = 1
    detail = f"cache after the kill (exit {code}) does not load: {type(e).__name__}: {e}"
print(json.dumps({"sequential": sequential, "hazard": corrupt, "detail": detail}))
