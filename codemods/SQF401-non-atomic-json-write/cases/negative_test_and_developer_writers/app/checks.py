"""A module of test cases kept inside the package (it imports pytest), and a
test method in a `Test*` class of a module that does not: both write the
state file to set a case up."""

import json

import pytest

from app.store import STATE


@pytest.fixture
def saved_state(tmp_path):
    with open(STATE, "w") as f:
        json.dump({"items": [1, 2]}, f)
    return STATE
