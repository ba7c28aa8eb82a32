"""A settings module. The two migrations (INI to TOML, registry to TOML) run
at the first start only: each returns when the TOML file exists, or renames
only under `if not os.path.exists(...)`, so their fixed `config.toml.tmp`
has one writer per installation: not reported. `save()` rewrites the same
file through the same fixed name whenever settings change: reported."""
import configparser
import os

import tomli_w

CONFIG_TOML = os.path.expanduser("~/.config/companion/config.toml")
CONFIG_INI = os.path.expanduser("~/.config/companion/config.ini")


def migrate_from_ini(toml_path=CONFIG_TOML):
    if os.path.exists(toml_path):
        return
    parser = configparser.ConfigParser()
    parser.read(CONFIG_INI)
    values = {s: dict(parser[s]) for s in parser.sections()}
    tmp = toml_path + ".tmp"
    with open(tmp, "wb") as f:
        tomli_w.dump(values, f)
    os.replace(tmp, toml_path)


def migrate_from_registry(read_registry, toml_path=CONFIG_TOML):
    if not os.path.exists(toml_path):
        values = read_registry()
        tmp = f"{toml_path}.tmp"
        with open(tmp, "wb") as f:
            tomli_w.dump(values, f)
        os.replace(tmp, toml_path)


def save(values, toml_path=CONFIG_TOML):
    tmp = toml_path + ".tmp"
    with open(tmp, "wb") as f:
        tomli_w.dump(values, f)
    os.replace(tmp, toml_path)
