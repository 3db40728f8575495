"""Store stage: the DuckDB file (schema, migrations, writes, reads, exports)."""

from .db import TABLES, BatchCounts, Store
from .schema import SCHEMA_VERSION

__all__ = ["TABLES", "SCHEMA_VERSION", "BatchCounts", "Store"]
