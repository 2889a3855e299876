"""What a border opening changes: the same request planned under several scenarios (`compare`),
travel times between hubs under each (`reach`), and crossings ranked by what opening each one
alone is worth (`impact`)."""
