"""One helper saves every settings and state file with
`file_path.write_text(json_stringify(data))`, where `json_stringify` is the
module's small wrapper around `json.dumps`; the settings are loaded back at
start."""
import json
import logging
from pathlib import Path

log = logging.getLogger(__name__)

SETTINGS = Path.home() / ".app" / "settings.json"


def json_stringify(data, pretty=False):
    if pretty:
        return json.dumps(data, indent=2, ensure_ascii=False)
    return json.dumps(data, separators=(",", ":"))


def load_settings():
    try:
        return json.loads(SETTINGS.read_text())
    except (OSError, ValueError):
        return {}


def save_settings(settings):
    try:
        SETTINGS.write_text(json_stringify(settings, pretty=True))
    except OSError as e:
        log.error("could not save %s: %s", SETTINGS, e)
