"""What a border opening changes: the same request planned under several scenarios (`compare`),
travel times between hubs under each (`reach`, pictured by `heatmap`), crossings ranked by what
opening each one alone is worth (`impact`), many requests under many scenarios (`sweep`, over
`batch`es of requests, on networks `shared` per scenario, on a Dask cluster by `dask_sweep`),
and a scenario's effective flags (`flags`)."""
