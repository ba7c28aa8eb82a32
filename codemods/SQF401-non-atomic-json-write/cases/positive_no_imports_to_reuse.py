from json import dump as write_json


def persist(path, data):
    with open(path, mode="w", newline="\n") as handle:
        write_json(data, handle)
