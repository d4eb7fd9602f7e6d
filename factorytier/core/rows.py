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


# --- writing ---------------------------------------------------------------------------------------
# The same for the writes of a save (the application's update, its version, its audit entry): Django's
# `Model.save` spends ≈0.5 ms of CPU on each in signals and the compiler before the statement it sends. Values
# are prepared as the ORM's compiler prepares them (`pre_save`, then `get_db_prep_save`: auto_now times, JSON
# encoders, UUIDs, addresses); what the ORM would do more is left to it (an expression among the values).
# A model with `pre_save`/`post_save` receivers is saved by the ORM instead, so that its receivers run.
# On PostgreSQL the values travel apart from the statement (server-side binding, see settings): a 50 KB draft
# is neither quoted into the SQL text by the worker nor lexed back out of it by PostgreSQL.


def _has_receivers(model) -> bool:
    from django.db.models import signals

    return signals.pre_save.has_listeners(model) or signals.post_save.has_listeners(model)


@functools.cache
def _insert_statement(model, using: str, columns: tuple[str, ...]) -> tuple[str, bool]:
    connection = connections[using]
    quote = connection.ops.quote_name
    returning = connection.features.can_return_columns_from_insert
    sql = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    if returning:
        sql += f" RETURNING {quote(model._meta.pk.column)}"
    return sql, returning


def insert(instance) -> None:
    """Insert a new model instance by one statement and give it its primary key."""
    model = type(instance)
    using = router.db_for_write(model, instance=instance)
    connection = connections[using]
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and getattr(instance, f.attname) is None)]
    raw = [f.pre_save(instance, True) for f in fields]
    if _has_receivers(model) or any(hasattr(v, "resolve_expression") for v in raw):
        instance.save(force_insert=True, using=using)
        return
    values = [f.get_db_prep_save(v, connection=connection) for f, v in zip(fields, raw, strict=True)]
    sql, returning = _insert_statement(model, using, tuple(f.column for f in fields))
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        pk = cursor.fetchone()[0] if returning else connection.ops.last_insert_id(
            cursor, model._meta.db_table, model._meta.pk.column)
    setattr(instance, model._meta.pk.attname, pk)
    instance._state.adding, instance._state.db = False, using


def update(instance, field_names: list[str], *, receivers: bool = True) -> None:
    """`instance.save(update_fields=field_names)` by one fixed statement (auto_now fields set as Django does).
    `receivers=False` writes by the statement even where the model has save receivers: for a column the
    caller knows none of them acts on (a log-in's `last_login`)."""
    model = type(instance)
    using = router.db_for_write(model, instance=instance)
    connection = connections[using]
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in field_names]
    raw = [f.pre_save(instance, False) for f in fields]
    if (receivers and _has_receivers(model)) or any(hasattr(v, "resolve_expression") for v in raw):
        instance.save(update_fields=field_names, using=using)
        return
    values = [f.get_db_prep_save(v, connection=connection) for f, v in zip(fields, raw, strict=True)]
    pk = model._meta.pk
    sql = (f"UPDATE {quote(model._meta.db_table)} SET {', '.join(f'{quote(f.column)} = %s' for f in fields)} "
           f"WHERE {quote(pk.column)} = %s")
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, pk.get_db_prep_value(instance.pk, connection)])
        if cursor.rowcount != 1:
            from django.db import DatabaseError

            raise DatabaseError("Save with update_fields did not affect any rows.")
