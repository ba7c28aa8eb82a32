"""A rate cache whose loader parses unguarded, but whose every caller catches
the error and fetches the rates again: a torn cache file is a miss. Not
reported. (A settings file recovered the same way would still be: the caller
would go on with defaults and forget the settings.)"""
import json

RATE_CACHE = "rates_cache.json"


def _read_rates():
    with open(RATE_CACHE) as f:
        return json.load(f)


def _store_rates(rates):
    with open(RATE_CACHE, "w") as f:
        json.dump(rates, f)


def current_rates(fetch):
    try:
        return _read_rates()
    except Exception:
        rates = fetch()
        _store_rates(rates)
        return rates
