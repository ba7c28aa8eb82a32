import json

def save(p, d):
  with open(p, "w") as f:
    json.dump(d, f)
