"""A bot's bundled text resources: at import, each file is created empty when
it is missing, then read. Nothing writes them afterwards; they are edited by
hand. The seeding write makes a file that did not exist, so a crash in the
middle tears nothing anyone had, and no state is kept there. Not reported."""

import json
import os
from pathlib import Path

HERE = Path(__file__).parent
ANSWERS = HERE / "answers.json"
BUTTONS = os.path.join(HERE, "buttons.json")

if not os.path.exists(ANSWERS):
    with open(ANSWERS, "w", encoding="utf-8") as f:
        json.dump({}, f)

if not Path(BUTTONS).is_file():
    Path(BUTTONS).write_text(json.dumps({"start": "Start", "help": ["Help", "?"]}))

with open(ANSWERS, encoding="utf-8") as f:
    answers = json.load(f)
with open(BUTTONS, encoding="utf-8") as f:
    buttons = json.load(f)


def answer(key: str) -> str:
    return answers.get(key, "...")
