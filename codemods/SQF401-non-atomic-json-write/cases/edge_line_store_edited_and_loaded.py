"""A trusted-keys store: `forget_host` reads the file line by line and
rewrites it without one host (a read to edit it, which alone would not show
a load), but `trusted_keys` loads it line by line on every connection of
the running service: reported at the rewrite. The pinned-hosts list written
under the same folder symbol is read back only by a reader of another file
(`pins.cfg` is not `mirrors.txt`): not reported."""
import os
import threading

DATA = os.environ.get("KEYSTORE_DIR", "/var/lib/keystore")
KEYS_FILE = os.path.join(DATA, "trusted_keys.txt")


def trusted_keys():
    keys = {}
    with open(KEYS_FILE) as f:
        for line in f:
            host, _, key = line.strip().partition(" ")
            keys[host] = key
    return keys


def forget_host(host):
    with open(KEYS_FILE) as f:
        kept = [line for line in f if not line.startswith(host + " ")]
    with open(KEYS_FILE, "w") as f:
        for line in kept:
            f.write(line.rstrip("\n") + "\n")


def save_pins(pins):
    with open(os.path.join(DATA, "pins.cfg"), "w") as f:
        f.writelines("%s\n" % p for p in pins)


def mirrors():
    with open(os.path.join(DATA, "mirrors.txt")) as f:
        return f.read().splitlines()


def serve(requests):
    for request in requests:
        if request.kind == "forget":
            threading.Thread(target=forget_host, args=(request.host,)).start()
        elif request.kind == "pin":
            save_pins(request.pins)
        else:
            request.reply(trusted_keys().get(request.host), mirrors())
