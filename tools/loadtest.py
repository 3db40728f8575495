"""Latency and load of the API on loopback: `make loadtest DB=store.duckdb [N=5000] [CONCURRENCY=8]`.

Prints p50/p95/p99 per scenario and requests/s as JSON; the measurements live in ``eventwire.api.loadtest``
(tests/test_load.py runs them small).
"""

from eventwire.api.loadtest import main

if __name__ == "__main__":
    main()
