"""A developer's program, run by its path (its hyphenated name cannot be
imported): it rewrites the currency table the application ships and reads,
sorted and with each rate rounded. A crash tears the file in front of the
developer, who restores it from version control and runs it again. Not
reported."""
import json

TABLE = "currencies.json"

with open(TABLE, encoding="utf-8") as f:
    rows = json.load(f)
for row in rows:
    row["rate"] = round(row["rate"], 6)
with open(TABLE, "w", encoding="utf-8") as f:
    json.dump(sorted(rows, key=lambda r: r["code"]), f, indent=1)
