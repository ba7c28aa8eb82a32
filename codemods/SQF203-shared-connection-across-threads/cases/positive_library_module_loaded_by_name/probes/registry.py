"""Finds the check modules by file name and loads them by name: which function
runs is decided by the caller's request, never spelled in this package."""
import importlib
import inspect
import pkgutil

from . import checks


def load_checks():
    found = {}
    for info in pkgutil.iter_modules(checks.__path__):
        module = importlib.import_module(f"probes.checks.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("run_"):
                found[name[4:]] = fn
    return found
