import json
from pathlib import Path

SPEC = Path(__file__).parent / "openapi.json"


def api_description():
    return json.loads(SPEC.read_text())
