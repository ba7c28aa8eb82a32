"""A self-check class run by a test runner, kept beside the code it checks."""

import json

from app.store import STATE, load


class TestRoundTrip:
    def test_round_trip(self):
        with open(STATE, "w") as f:
            json.dump({"items": [3]}, f)
        assert load() == {"items": [3]}
