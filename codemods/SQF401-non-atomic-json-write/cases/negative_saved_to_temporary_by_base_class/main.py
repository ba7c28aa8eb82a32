import time

from dicts.formats import JsonDict, PickleDict


def main():
    seen = JsonDict("seen.json")
    counts = PickleDict("counts.pickle")
    while True:
        seen[str(time.time())] = True
        counts["n"] = counts.get("n", 0) + 1
        seen.save()
        counts.save()
        time.sleep(60)


if __name__ == "__main__":
    main()
