from player.daemon import run

run()
