"""A generic text writer: every caller of the project hands it JSON of a stats
file that is read back at start, so the writer itself is the place to make the
write atomic."""


def write_file(path, text):
    open(path, "w").write(text)
