"""`tokenizer_state.json` holds a vocabulary the program built and loads back
to carry on: the word is `tokenizer`, not `token`, and it stays reported."""
import json

STATE = "tokenizer_state.json"


def load_vocab():
    with open(STATE) as f:
        return json.load(f)


def save_vocab(vocab):
    with open(STATE, "w") as f:
        json.dump(vocab, f)
