import wx

from fitter import db
from fitter.prices import PriceUpdater


class MainFrame(wx.Frame):
    def __init__(self, fit_ids):
        super().__init__(None, title="fitter")
        PriceUpdater(fit_ids).start()

    def on_rename(self, fit_id, name):
        fit = db.get_fit(fit_id)
        fit.name = name
        db.commit()


if __name__ == "__main__":
    app = wx.App()
    MainFrame([1, 2, 3]).Show()
    app.MainLoop()
