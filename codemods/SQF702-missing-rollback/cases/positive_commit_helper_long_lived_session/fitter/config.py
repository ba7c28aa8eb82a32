import os

save_path = os.path.expanduser("~/.fitter")
saveddata_connection = "sqlite:///" + os.path.join(save_path, "saveddata.db")
