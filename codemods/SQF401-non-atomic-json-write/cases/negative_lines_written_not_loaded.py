"""Line files that are not a store the program loads back: a report written
line by line that nothing reads, a log of names appended (mode "a", no
truncation), and a cache of an archive's members rebuilt when it is missing."""

REPORT = "report.txt"
SEEN = "seen.log"


def write_report(rows):
    with open(REPORT, "w") as f:
        for row in rows:
            f.write("%s\n" % row)


def remember(name):
    with open(SEEN, "a") as f:
        f.write(name + "\n")


def load_seen():
    with open(SEEN) as f:
        return [line.strip() for line in f]


def main():
    seen = load_seen()
    write_report(seen)
    remember("x")
    ensure_unpacked("/tmp", "src.zip")



def cache_path(folder, source):
    return f"{folder}/.cache-{source}.unpacked"


def read_cached_members(folder, source):
    try:
        lines = open(cache_path(folder, source)).readlines()
    except OSError:
        return None
    return [line.rstrip() for line in lines]


def write_cached_members(folder, source, members):
    """A cache of an archive's members, rebuilt by unpacking when missing."""
    with open(cache_path(folder, source), "w") as f:
        for member in members:
            f.write(member + "\n")


def ensure_unpacked(folder, source):
    members = read_cached_members(folder, source)
    if not members:
        members = ["a", "b"]
        write_cached_members(folder, source, members)
    return members


if __name__ == "__main__":
    main()
