"""A program whose name only starts like a developer's script (`developer_`,
not `dev_`), in no test or tool folder: it resumes from its cursor file, and
its in-place write stays reported. So does one that imports
`unittest.mock` for a stand-in client: programs do that too."""

import json
from unittest.mock import MagicMock

CURSOR = "sync_cursor.json"


def load_cursor():
    try:
        with open(CURSOR) as f:
            return json.load(f)["after"]
    except FileNotFoundError:
        return None


def save_cursor(after):
    with open(CURSOR, "w") as f:
        json.dump({"after": after}, f)


client = MagicMock()
