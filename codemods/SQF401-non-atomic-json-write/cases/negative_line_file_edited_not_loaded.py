"""Line files this program writes but never loads back as its own records.

- `enable_module` reads a web server's config line by line only to rewrite
  it with one line changed: the file is another program's, and the only
  reader is the writing function itself, editing it.
- `write_access_rules` fills a dot-file (`.htaccess`, no file name the
  path spells) under the static folder; the reader that shares the folder
  symbol reads another file there (`mirrors.txt`).
- `note_origin` writes a marker only when it is missing: made once, never
  rewritten, so no good file is ever cut short.
"""
import os

SERVER_CONF = "/etc/webd/modules.conf"
STATIC_DIR = "/srv/site/static"


def enable_module(name):
    with open(SERVER_CONF) as f:
        lines = f.readlines()
    out = []
    for line in lines:
        if line.startswith("#LoadModule " + name):
            line = line[1:]
        out.append(line)
    with open(SERVER_CONF, "w") as f:
        f.writelines(out)


def write_access_rules(rules):
    with open(os.path.join(STATIC_DIR, ".htaccess"), "w") as f:
        f.write("\n".join(rules))


def load_mirrors():
    with open(os.path.join(STATIC_DIR, "mirrors.txt")) as f:
        return [line.strip() for line in f]


ORIGIN = "origin.lst"


def note_origin(urls):
    if not os.path.exists(ORIGIN):
        with open(ORIGIN, "w") as f:
            for url in urls:
                f.write(url + "\n")


def origins():
    with open(ORIGIN) as f:
        return f.read().splitlines()


def main():
    enable_module("rewrite")
    write_access_rules(["Deny from all"])
    note_origin(load_mirrors())
    print(origins())


if __name__ == "__main__":
    main()
