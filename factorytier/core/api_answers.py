"""The answers every API endpoint documents besides its own: the refusals any request may meet.

Shared by the apps' routers (django-ninja), so the OpenAPI document has one component for each and
schemathesis can check every status code against it. Plain schemas: this module imports no app."""

from __future__ import annotations

from ninja import Schema


class InputError(Schema):
    path: str
    message: str


class InputErrorsOut(Schema):
    detail: str
    errors: list[InputError] = []  # one per field at fault; a refusal of the whole request has none


class MessageOut(Schema):
    detail: str


# 400 a rule refuses, 401 not logged in, 403 not this role's, 404 not visible, 422 malformed input.
REFUSALS = {400: MessageOut, 401: MessageOut, 403: MessageOut, 404: MessageOut, 422: InputErrorsOut}


def answers(ok: int, schema) -> dict:
    """An endpoint's own answer and the refusals."""
    return {**REFUSALS, ok: schema}
