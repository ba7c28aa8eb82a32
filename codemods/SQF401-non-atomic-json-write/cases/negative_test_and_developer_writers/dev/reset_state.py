"""A developer's tool: puts the state file back to a known shape by hand."""

import json

from app.store import STATE

if __name__ == "__main__":
    with open(STATE, "w") as f:
        json.dump({"items": []}, f)
