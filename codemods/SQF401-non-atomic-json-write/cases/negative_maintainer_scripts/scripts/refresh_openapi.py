"""A maintainer's script: it rewrites the front end's API description once per
run, from the file itself and the app's schema. A crash tears the file in
front of whoever ran it, and running it again writes it again: not reported,
although the app reads the same file."""
import json
from pathlib import Path

SPEC = Path(__file__).parent.parent / "app" / "openapi.json"

spec = json.loads(SPEC.read_text())
for path in spec.get("paths", {}).values():
    for op in path.values():
        op["operationId"] = op["operationId"].split("-", 1)[-1]
SPEC.write_text(json.dumps(spec, indent=2))
