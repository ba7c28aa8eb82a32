from index import INDEX, ClosedIndex


def score(words):
    return sum(INDEX.count(w) for w in words)


def lookup(path, word):
    with ClosedIndex(path) as index:
        return index.has(word)
