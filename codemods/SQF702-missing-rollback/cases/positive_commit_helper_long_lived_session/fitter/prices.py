import threading
import time

import requests

from fitter import db


class PriceUpdater(threading.Thread):
    def __init__(self, fit_ids):
        super().__init__(daemon=True)
        self.fit_ids = fit_ids

    def run(self):
        while True:
            for fit_id in self.fit_ids:
                fit = db.get_fit(fit_id)
                fit.price = requests.get("https://example.invalid/p", params={"fit": fit_id}).json()["p"]
                db.save(fit)
            time.sleep(300)
