"""Two stages of one document finish together: the first worker pauses after its
load until the second has loaded too (or 1.5 s pass), then both save."""
import json
import os
import sys
import threading

sys.path.insert(0, sys.argv[1])
import stages  # noqa: E402

work = sys.argv[2]
seq_dir = os.path.join(work, "seq")
os.makedirs(seq_dir)
stages.init(seq_dir, "doc")
for s in ["ocr", "layout"]:
    stages.mark_done(seq_dir, "doc", s)
sequential = stages.done(seq_dir, "doc")

load_dir = os.path.join(work, "load")
os.makedirs(load_dir)
stages.init(load_dir, "doc")
real_load = json.load
loads = []
guard = threading.Lock()
second_loaded = threading.Event()


def paused_load(f, *args, **kwargs):
    data = real_load(f, *args, **kwargs)
    if threading.current_thread() is threading.main_thread():
        return data
    with guard:
        loads.append(1)
        first = len(loads) == 1
    if first:
        second_loaded.wait(1.5)
    else:
        second_loaded.set()
    return data


json.load = paused_load
returned = stages.run(load_dir, "doc", ["ocr", "layout"])
json.load = real_load
saved = stages.done(load_dir, "doc")
lost = 2 - len(saved)
print(json.dumps({
    "sequential": sequential,
    "hazard": lost,
    "detail": f"{lost} of 2 stage updates lost; checkpoint lists {saved} (workers returned {returned})",
}))
