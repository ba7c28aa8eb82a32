from league.pgtable import ServerTable


class Standings(ServerTable):
    def leaders(self):
        cur = self.cursor()
        cur.execute("SELECT team, points FROM standings ORDER BY points DESC LIMIT 5")
        return cur.fetchall()

    def award(self, team):
        cur = self.cursor()
        cur.execute("UPDATE standings SET points = points + 3 WHERE team = 'x'")
        self.conn.commit()


standings = Standings("dbname=league")
