"""Rows -> parquet, CSV or JSON bytes through one Arrow table typed by schema.py.

Why Arrow for all three: the column types are decided once (an int column with no value in a
batch is still int64, a share is a double even when it is 1), so the three formats agree and a
parquet file reads back in DuckDB, pandas or R with the documented types. CSV is plain UTF-8
(no BOM: pandas and R read it as is) with list columns as JSON arrays; JSON is an array of objects.
"""

from __future__ import annotations

import json
from typing import Any

from .schema import TABLES

FORMATS = ("parquet", "csv", "json")
SUFFIX = {"parquet": ".parquet", "csv": ".csv", "json": ".json"}


class MissingPyArrow(RuntimeError):
    """pyarrow is not installed (it comes with the ``stats`` extra)."""


def _pa():
    try:
        import pyarrow
    except ImportError as exc:  # pragma: no cover - the test extra installs it
        raise MissingPyArrow("pyarrow is not installed: pip install 'nlp-audit[stats]'") from exc
    return pyarrow


def arrow_schema(table: str):
    pa = _pa()
    types = {"string": pa.string(), "int64": pa.int64(), "double": pa.float64(), "bool": pa.bool_(),
             "list<string>": pa.list_(pa.string())}
    return pa.schema([pa.field(c.name, types[c.type]) for c in TABLES[table]])


def to_arrow(table: str, rows: list[dict[str, Any]]):
    """The rows as an Arrow table with the documented column order and types."""
    pa = _pa()
    schema = arrow_schema(table)
    columns = {f.name: [_coerce(row.get(f.name), f.type, pa) for row in rows] for f in schema}
    return pa.table(columns, schema=schema)


def _coerce(value: Any, arrow_type, pa) -> Any:
    if value is not None and pa.types.is_floating(arrow_type) and isinstance(value, int):
        return float(value)
    return value


def render(table: str, rows: list[dict[str, Any]], fmt: str) -> bytes:
    """One table in ``fmt`` (parquet | csv | json)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    data = to_arrow(table, rows)
    if fmt == "json":
        return _json(data.to_pylist())
    pa = _pa()
    sink = pa.BufferOutputStream()
    if fmt == "parquet":
        import pyarrow.parquet as pq

        pq.write_table(data, sink, compression="zstd")
    else:
        import pyarrow.csv as pacsv

        pacsv.write_csv(_lists_as_json(data, pa), sink)
    return sink.getvalue().to_pybytes()


def _lists_as_json(data, pa):
    """CSV has no list type: a list column becomes a JSON array in a string column."""
    for i, f in enumerate(data.schema):
        if pa.types.is_list(f.type):
            texts = [None if v is None else json.dumps(v, ensure_ascii=False) for v in data.column(i).to_pylist()]
            data = data.set_column(i, pa.field(f.name, pa.string()), pa.array(texts, pa.string()))
    return data


def _json(rows: list[dict[str, Any]]) -> bytes:
    """An array of row objects, one per line (diffable, and json's fast encoder, as in --format json)."""
    if not rows:
        return b"[]\n"
    body = ",\n".join(json.dumps(r, ensure_ascii=False, default=str) for r in rows)
    return ("[\n" + body + "\n]\n").encode("utf-8")
