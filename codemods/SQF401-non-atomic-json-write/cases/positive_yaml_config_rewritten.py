"""A server keeps each of its settings files in YAML, loads them at start, and
rewrites one in place whenever an option changes. The flush and fsync come
after `open(path, "w")` has already truncated the file: a crash or a reader in
between (the server restarting, a second worker loading its settings) sees a
short or empty config, and the server refuses to start or loses settings."""
import configparser
import os

import toml
import yaml

CONFIG_DIR = os.environ.get("MEDIASRV_CONFIG", "/etc/mediasrv")


def config_file(name):
    return os.path.join(CONFIG_DIR, f"{name}.yml")


def load_settings(name):
    with open(config_file(name)) as f:
        return yaml.safe_load(f) or {}


def store_settings(name, values):
    with open(config_file(name), "w") as f:
        yaml.safe_dump(values, f, default_flow_style=False)
        f.flush()
        os.fsync(f.fileno())


LIBRARY = "library.toml"


def load_library():
    with open(LIBRARY) as f:
        return toml.load(f)


def store_library(library):
    with open(LIBRARY, "w") as f:
        f.write(toml.dumps(library))


PLUGINS = "plugins.ini"
PARSER = configparser.ConfigParser()


def load_plugins():
    PARSER.read(PLUGINS)
    return PARSER


def enable_plugin(name):
    PARSER.set("enabled", name, "yes")
    with open(PLUGINS, "w") as f:
        PARSER.write(f)


class Server:
    def __init__(self):
        self.settings = load_settings("server")

    def set_option(self, key, value):
        self.settings[key] = value
        store_settings("server", self.settings)
