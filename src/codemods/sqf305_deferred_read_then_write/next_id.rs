//! A next id taken as `max(id) + 1`: the read finds the largest number in use
//! and the insert writes one more. Two requests read the same maximum and
//! both insert the same number: a duplicate, or the second fails on the key.
//! Besides taking the write lock first, SQLite can number the rows itself, or
//! the maximum can be computed inside the INSERT, one statement that runs
//! atomically; the finding's note says so (sqlite3 flows and ORM sessions).

/// The advice for a read-then-write whose read takes the maximum of a number
/// column (`SELECT max(id) FROM t`, `func.max(Ticket.seq)`) and whose write
/// inserts; `None` for any other pair.
pub(super) fn advice(read: &str, write: &str) -> Option<&'static str> {
    let lower = read.to_ascii_lowercase();
    let numbered = lower.match_indices("max(").any(|(at, _)| {
        let inner = &lower[at + 4..];
        let inner = &inner[..inner.find(')').unwrap_or(inner.len())];
        let column = inner
            .rsplit(['.', ' ', '"', '\'', '`', '['])
            .next()
            .unwrap_or(inner)
            .trim_end_matches([']', '"', '\'', '`']);
        column == "id"
            || column.ends_with("_id")
            || ["seq", "num", "number", "position", "rank", "index", "order"]
                .iter()
                .any(|w| column.contains(w))
    });
    let write = write.to_ascii_lowercase();
    let inserts =
        write.contains("insert") || write.contains(".add(") || write.contains(".add_all(");
    (numbered && inserts).then_some(
        "The next number is taken as max + 1: two requests read the same maximum and insert the same number. Let SQLite number the rows (an INTEGER PRIMARY KEY column left out of the INSERT, with AUTOINCREMENT if numbers must never be reused), or compute it inside the INSERT (`INSERT INTO t (id, ...) SELECT coalesce(max(id), 0) + 1, ... FROM t`), one statement SQLite runs atomically.",
    )
}

#[cfg(test)]
mod tests {
    use super::advice;

    #[test]
    fn max_of_a_number_column_then_an_insert() {
        assert!(
            advice(
                "conn.execute(\"SELECT max(id) FROM tickets\")",
                "conn.execute(\"INSERT INTO tickets VALUES (?)\")"
            )
            .is_some()
        );
        assert!(
            advice(
                "session.scalar(select(func.max(Ticket.seq)))",
                "session.add(Ticket(seq=n))"
            )
            .is_some()
        );
        assert!(advice("SELECT MAX(t.ticket_id) FROM t", "INSERT INTO t").is_some());
    }

    #[test]
    fn other_maxima_or_other_writes() {
        assert!(advice("SELECT max(updated_at) FROM t", "INSERT INTO t").is_none());
        assert!(advice("SELECT max(id) FROM t", "UPDATE t SET n = 1").is_none());
        assert!(advice("SELECT count(*) FROM t", "INSERT INTO t").is_none());
    }
}
