"""A web UI's configuration editor. `save_from_editor` merges the edited
fields into the YAML on disk; when the read finds no file yet, its handler
writes the merged document as the first copy. That write creates the file the
read just missed: nothing was under that name, so a crash tears nothing anyone
had (not reported). The save of an existing file in the `try` truncates the
only copy of the configuration that the scheduled runs read (reported)."""
import threading

import yaml

CONFIG_PATH = "config/config.yml"
_save_lock = threading.Lock()


def load_config():
    with open(CONFIG_PATH) as f:
        return yaml.safe_load(f)


def save_from_editor(fields):
    with _save_lock:
        try:
            with open(CONFIG_PATH) as f:
                document = yaml.safe_load(f) or {}
            document.update(fields)
            with open(CONFIG_PATH, "w") as f:
                yaml.safe_dump(document, f)
        except FileNotFoundError:
            document = dict(fields)
            document.setdefault("schedule", {"interval": 30})
            with open(CONFIG_PATH, "w") as f:
                yaml.safe_dump(document, f)


def scheduled_run():
    config = load_config()
    return config["schedule"]["interval"]


threading.Thread(target=scheduled_run, daemon=True).start()
