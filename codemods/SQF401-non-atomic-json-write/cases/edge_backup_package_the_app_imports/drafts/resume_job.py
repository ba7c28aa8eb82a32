import json
import os

PROGRESS = "progress.json"


def main():
    done = []
    if os.path.exists(PROGRESS):
        with open(PROGRESS) as f:
            done = json.load(f)
    for item in range(100):
        if item in done:
            continue
        done.append(item)
        with open(PROGRESS, "w") as f:
            json.dump(done, f)


if __name__ == "__main__":
    main()
