"""The writer also writes a plain-text log: reported for its JSON caller,
with no automatic fix (the finding names the caller to change)."""


def write_file(path, text):
    with open(path, "w") as f:
        f.write(text)
