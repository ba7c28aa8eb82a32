"""Run by hand before a release: reads the version file, raises one part and
writes it back, once. A crash tears the file in front of the maintainer, who
runs it again (or restores it from version control). Not reported."""
import json
import sys

VERSION_FILE = "app/version.json"

with open(VERSION_FILE) as fh:
    version = json.load(fh)
part = sys.argv[1] if len(sys.argv) > 1 else "patch"
version[part] += 1
with open(VERSION_FILE, "w") as fh:
    json.dump(version, fh, indent=2)
