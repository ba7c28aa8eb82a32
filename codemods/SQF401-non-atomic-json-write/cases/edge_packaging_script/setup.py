"""A packaging script: its build command writes a version file into the build
tree, which the installed package reads. It runs when the package is built,
not in the program: building again rebuilds it. Not reported."""
import json
import os

import setuptools.command.build_py
from setuptools import setup


class BuildPy(setuptools.command.build_py.build_py):
    def run(self):
        super().run()
        version_file = os.path.join("build", "lib", "viewer", "version")
        with open(version_file, "w") as f:
            json.dump({"short": "1.0"}, f)


setup(name="viewer", packages=["viewer"], cmdclass={"build_py": BuildPy})
