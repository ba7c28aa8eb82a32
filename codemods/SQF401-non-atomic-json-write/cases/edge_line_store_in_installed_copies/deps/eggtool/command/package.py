"""A packaging tool installed into the project's `deps/` with `pip install
--target` (the folder holds its `.dist-info` record): its build command
rewrites a list of native libraries line by line, and its loader reads the
list back. The application imports the module for `version()` only, never the
command: another project's code it does not run, not reported, whatever
the folder is called."""
import os


def version():
    return "2.1.0"


class PackageCommand:
    def __init__(self, meta_dir):
        self.meta_dir = meta_dir
        self.libs_list = os.path.join(meta_dir, "native_libs.txt")

    def run(self, outputs):
        out = open(self.libs_list, "wt")
        for name in outputs:
            out.write(name + "\n")
        out.close()

    def native_libs(self):
        with open(self.libs_list) as f:
            return [line.strip() for line in f.readlines()]


if __name__ == "__main__":
    PackageCommand("build").run(["a.so"])
