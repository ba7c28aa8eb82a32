from index import FileIndex, WordIndex


def score(rows, words):
    index = WordIndex(rows)
    return sum(index.count(w) for w in words)


def lookups(paths, word):
    return [FileIndex(p).has(word) for p in paths]


def score_all(batches, words):
    for rows in batches:
        print(score(rows, words))
