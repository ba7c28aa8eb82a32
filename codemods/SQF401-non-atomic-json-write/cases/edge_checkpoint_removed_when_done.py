"""A checkpoint saved at every step of a loop and removed when the job is done
is a checkpoint while the job runs (reported); one removed only when a later
test passes keeps the file on every other path (reported); a scratch copy
removed right after it is written is not."""
import json
import os

CKPT = "train_ckpt.json"


def resume():
    if os.path.exists(CKPT):
        with open(CKPT) as f:
            return json.load(f)
    return {"step": 0}


def train(steps, step_fn):
    state = resume()
    for i in range(state["step"], steps):
        state = step_fn(state)
        with open(CKPT, "w") as f:
            json.dump(state, f)
    os.remove(CKPT)


def finish(state, done):
    with open(CKPT, "w") as f:
        json.dump(state, f)
    if done:
        os.remove(CKPT)


def check_copy(state, validate):
    with open(CKPT, "w") as f:
        json.dump(state, f)
    ok = validate(CKPT)
    os.unlink(CKPT)
    return ok
