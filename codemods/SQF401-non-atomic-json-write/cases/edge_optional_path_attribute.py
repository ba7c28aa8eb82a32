"""Edge: the path lives on `self`, assigned from a parameter annotated
`Optional[Path]`; and a helper returning `Optional[Path]`. Both are paths."""
import json
from pathlib import Path
from typing import Optional


class Progress:
    def __init__(self, state_path: Optional[Path] = None):
        self.state_path = state_path or Path("progress.json")

    def _backup(self) -> Optional[Path]:
        return self.state_path.with_suffix(".bak")

    def write(self, done):
        with self.state_path.open("w") as f:
            json.dump({"done": sorted(done)}, f)

    def write_backup(self, done):
        backup = self._backup()
        with backup.open("w") as f:
            json.dump({"done": sorted(done)}, f)

    def read(self):
        return json.loads(self.state_path.read_text())
