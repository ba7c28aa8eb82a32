"""Two readers that create their file when it is missing. The first seeds it
with the state it just computed (not a literal): that state is the program's
progress, read back on the next start, so the write is a checkpoint and is
reported. The second catches any error, not only a missing file, and writes a
literal over what may be a good file that failed for another reason: also
reported."""
import json

PROGRESS = "progress_marks.json"
TALLY = "tally_marks.json"


def progress(compute):
    try:
        with open(PROGRESS) as fh:
            return json.load(fh)
    except FileNotFoundError:
        state = compute()
        with open(PROGRESS, "w") as fh:
            json.dump(state, fh)
        return state


def tally():
    try:
        with open(TALLY) as fh:
            return json.load(fh)
    except Exception:
        with open(TALLY, "w") as fh:
            json.dump({"count": 0}, fh)
        return {"count": 0}
