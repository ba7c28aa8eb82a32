"""Side files: metadata written once beside the item it describes, named after
it with a qualifying word, when the item is made (a recording's tags, a scan's
location). A torn one loses one item's description, which the item's next save
writes again. Not reported, though a gallery reads them back."""
import json
import os


def on_recording_saved(recording_path, tags):
    with open(os.path.splitext(recording_path)[0] + ".tags.json", "w") as f:
        json.dump(tags, f)


def on_scan(scan_file, position):
    where = scan_file.replace(".scan", ".where.json")
    with open(where, "w") as f:
        json.dump({"lat": position[0], "lon": position[1]}, f)


def gallery(folder):
    for name in os.listdir(folder):
        if name.endswith(".tags.json"):
            with open(os.path.join(folder, name)) as f:
                yield json.load(f)


def location(scan_file):
    with open(scan_file.replace(".scan", ".where.json")) as f:
        return json.load(f)
