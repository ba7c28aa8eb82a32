"""A pipeline's JSON writers. Each of their callers' files is unknown here
(a path handed on by a caller's own parameter, or arguments spread from a
dict), so the helpers may be writing state the pipeline resumes from: both
reported."""
import json
from pathlib import Path


def write_json(path, payload):
    Path(path).write_text(json.dumps(payload))


def write_stage(stage_path, payload):
    target = Path(stage_path)
    with target.open("w") as f:
        json.dump(payload, f)
