#!/usr/bin/env python
"""The app's entry: it loads kiosk.settings, and only that."""
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kiosk.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
