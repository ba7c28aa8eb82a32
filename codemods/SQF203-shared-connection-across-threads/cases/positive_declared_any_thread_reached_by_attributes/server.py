import threading
import time

import cherrypy
import schedule

from greenhouse.hub import Hub

hub = Hub({"db": "greenhouse.db"})


class Api:
    @cherrypy.expose
    @cherrypy.tools.json_out()
    def valves(self):
        return hub.hardware.board.states()

    @cherrypy.expose
    def close(self, valve_id):
        hub.hardware.board.close_valve(int(valve_id))


def run_schedule():
    while True:
        schedule.run_pending()
        time.sleep(1)


if __name__ == "__main__":
    schedule.every().day.at("06:00").do(hub.water)
    threading.Thread(target=run_schedule, daemon=True).start()
    cherrypy.quickstart(Api())
