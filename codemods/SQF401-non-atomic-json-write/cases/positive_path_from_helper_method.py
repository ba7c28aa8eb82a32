"""A resumable job store: each job's state file path comes from a helper method
annotated `-> Path`, and the state is dumped through `path.open("w")`."""
import json
from pathlib import Path


class JobStore:
    def __init__(self, root: Path | None = None) -> None:
        if root is None:
            root = Path.home() / ".jobs"
        self._root = root

    def _state_file(self, job_id: str) -> Path:
        return self._root / f"{job_id}.state.json"

    def save(self, job_id, state):
        target = self._state_file(job_id)
        with target.open("w") as f:
            json.dump(state, f, indent=2)

    def save_marker(self, job_id, marker):
        with (self._root / f"{job_id}.marker.json").open("w", encoding="utf-8") as f:
            json.dump(marker, f)

    def load(self, job_id):
        with self._state_file(job_id).open() as f:
            return json.load(f)
