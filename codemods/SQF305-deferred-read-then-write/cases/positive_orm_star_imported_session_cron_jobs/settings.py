import configparser

config = configparser.ConfigParser()
config.read("tiles.cfg")
