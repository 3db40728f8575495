"""Read-side reports over a store: the cited brief, dyad tables, timeline plots, `show`, `status`.

Nothing here writes to a store; each module reads events (or the ingest manifest) and renders them
for a terminal, a file or the dashboard. `shown` makes untrusted text safe to print.
"""
