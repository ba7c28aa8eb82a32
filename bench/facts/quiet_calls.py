"""F-quiet-calls: some calls cannot fail on any run-time input. `uuid.uuid4()`
takes no input (it reads os.urandom); the no-argument string methods (`strip`,
`lower`, `split`, `startswith(...)` with a literal, ...) accept every str and every
bytes value, so they fail only on a value of another type (an AttributeError: a
programming error the first test run shows, not a condition of the data)."""
import random
import uuid

from _fact import Fact

fact = Fact(
    "F-quiet-calls",
    "uuid.uuid4() and the no-argument string methods raise on no str/bytes input",
)
failures = 0
for _ in range(100_000):
    try:
        uuid.uuid4()
    except Exception:  # noqa: BLE001
        failures += 1
fact.check(failures == 0, f"100000 uuid.uuid4() calls: {failures} raised")

METHODS = ["strip", "lstrip", "rstrip", "lower", "upper", "casefold", "title",
           "split", "splitlines", "isdigit", "isalpha", "isalnum", "isspace"]
rng = random.Random(7)
samples = ["", " ", "\x00", "\ud800", "\U0010ffff", "a\r\n\t b", "İ", "ß"]
for _ in range(2000):
    samples.append("".join(chr(rng.randrange(0, 0x110000)) for _ in range(rng.randrange(0, 12))))
raised = 0
for text in samples:
    for value in (text, text.encode("utf-8", "surrogatepass")):
        for name in METHODS:
            method = getattr(value, name, None)
            if method is None:  # casefold has no bytes form
                continue
            try:
                method()
                value.startswith("x" if isinstance(value, str) else b"x")
            except Exception:  # noqa: BLE001
                raised += 1
fact.check(raised == 0, f"{len(samples)} strings and their bytes x {len(METHODS)} methods: {raised} raised")
try:
    (42).strip()
    other = "no error"
except AttributeError as e:
    other = f"AttributeError ({e})"
fact.check(other.startswith("AttributeError"), f"on a value of another type: {other}")
fact.done()
