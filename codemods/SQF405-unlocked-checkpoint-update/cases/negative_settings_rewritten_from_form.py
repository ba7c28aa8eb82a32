"""An admin page saves the site settings: each save loads the file, sets the
same fields from the form it was given, and writes the whole state back. Two
saves that interleave leave what one of them leaves after the other: the last
save wins, nothing read is changed and written back, no update is lost."""
import json
from pathlib import Path

from fastapi import FastAPI

app = FastAPI()
SETTINGS = Path("data/settings.json")


@app.post("/admin/settings")
def save_settings(title: str, theme: str, per_page: int):
    settings = json.loads(SETTINGS.read_text())
    settings["title"] = title
    settings["theme"] = theme
    settings["per_page"] = max(1, per_page)
    SETTINGS.write_text(json.dumps(settings, indent=2))
    return {"ok": True}
