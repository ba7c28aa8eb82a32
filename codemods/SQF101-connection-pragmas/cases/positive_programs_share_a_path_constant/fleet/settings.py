"""Shared settings of the fleet's programs."""
import os

STATE_DB = os.path.join(os.environ.get("FLEET_HOME", "/var/lib/fleet"), "state.db")
