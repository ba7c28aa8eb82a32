"""Two threads save the same document's checkpoint; both pause right before the
rename (a barrier around os.replace), as happens when two stages finish together."""
import json
import os
import sys
import threading

sys.path.insert(0, sys.argv[1])
import checkpoints  # noqa: E402

work = sys.argv[2]
seq_dir = os.path.join(work, "seq")
os.makedirs(seq_dir)
checkpoints.save(seq_dir, "doc", {"stage": "ocr"})
checkpoints.save(seq_dir, "doc", {"stage": "layout"})
sequential = {"loaded": checkpoints.load(seq_dir, "doc"), "files": sorted(os.listdir(seq_dir))}

load_dir = os.path.join(work, "load")
os.makedirs(load_dir)
real_replace = os.replace
barrier = threading.Barrier(2, timeout=5)


def paused_replace(src, dst):
    try:
        barrier.wait()
    except threading.BrokenBarrierError:
        pass
    real_replace(src, dst)


os.replace = paused_replace
errors = []


def stage(name):
    try:
        checkpoints.save(load_dir, "doc", {"stage": name, "pages": list(range(200))})
    except OSError as e:
        errors.append(type(e).__name__)


threads = [threading.Thread(target=stage, args=(n,)) for n in ("ocr", "layout")]
for t in threads:
    t.start()
for t in threads:
    t.join(timeout=10)
os.replace = real_replace
try:
    final = checkpoints.load(load_dir, "doc")["stage"]
except ValueError:
    final = "corrupt"
print(json.dumps({
    "sequential": sequential,
    "hazard": len(errors) + (final == "corrupt"),
    "detail": f"failed saves: {errors or 'none'}; checkpoint on disk: {final}",
}))
