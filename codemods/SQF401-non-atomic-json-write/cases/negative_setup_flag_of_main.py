"""A server whose `main()` also installs it: `--setup` writes the desktop
client's config once and exits. A person runs that by hand, once; the client
reads the file only after setup finished, so a torn write shows at once on the
terminal and is redone by running setup again. The server path writes no JSON."""
import json
import sys
from pathlib import Path

CONFIG = Path.home() / ".client" / "config.json"


def _install_client_config():
    config = json.loads(CONFIG.read_text()) if CONFIG.exists() else {}
    config.setdefault("servers", {})["notes"] = {"command": "notes-server"}
    with open(CONFIG, "w") as f:
        json.dump(config, f, indent=2)


def serve():
    print("serving")


def main():
    argv = sys.argv[1:]
    if "--setup" in argv:
        _install_client_config()
        return
    serve()


if __name__ == "__main__":
    main()
