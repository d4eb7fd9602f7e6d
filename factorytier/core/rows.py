"""Reading rows by a fixed statement, for the few reads every request makes.

Every logged-in request reads its session and its user; every API call its token. Through the ORM each of
these is ≈0.5 ms of CPU, most of it building the same SQL again (filters, joins, the select list); on
deadline day that is ten times per applicant and the cores are the limit. Here the statement is built once
per model and the row becomes a model instance through `Model.from_db`, as the ORM's own reads do."""

from __future__ import annotations

import functools

from django.db import connections, router


@functools.cache
def _select(model) -> tuple[list[str], str]:
    """(attribute names, quoted select list) of a model's concrete fields, in the same order."""
    table = model._meta.db_table
    fields = model._meta.concrete_fields
    return [f.attname for f in fields], ", ".join(f'"{table}"."{f.column}"' for f in fields)


def select_list(model) -> str:
    """`"table"."col", …` of every concrete field, for a hand-written statement that `instance` reads."""
    return _select(model)[1]


def width(model) -> int:
    return len(_select(model)[0])


@functools.cache
def _converters(model, using: str) -> list[tuple[int, list, object]]:
    """The database's and the fields' converters of each column, as the ORM applies them to what it reads
    (SQLite answers a date-time as text; a JSON column as text on some databases)."""
    connection = connections[using]
    out = []
    for i, field in enumerate(model._meta.concrete_fields):
        column = field.get_col(model._meta.db_table)
        functions = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if functions:
            out.append((i, functions, column))
    return out


def instance(model, values, using: str = "default"):
    """A model instance from a row of `select_list(model)`'s columns: converted as the ORM converts, and
    built the ORM's own way (`from_db`)."""
    values = list(values)
    connection = connections[using]
    for i, functions, column in _converters(model, using):
        value = values[i]
        for convert in functions:
            value = convert(value, column, connection)
        values[i] = value
    return model.from_db(using, _select(model)[0], values)


def fetch_one(model, sql: str, params: list):
    """Run `sql` on the model's read database and answer its first row (or None)."""
    using = router.db_for_read(model)
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def by_pk(model, pk):
    """The instance with this primary key, or None (also for a key that is not a number)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    table = model._meta.db_table
    row = fetch_one(model, f'SELECT {select_list(model)} FROM "{table}" WHERE "{table}"."{model._meta.pk.column}" = %s', [pk])
    return instance(model, row, router.db_for_read(model)) if row is not None else None
