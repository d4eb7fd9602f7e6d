"""Exceptions of the rule engine."""

from __future__ import annotations

from dataclasses import dataclass


class CatalogueError(Exception):
    """A catalogue file is malformed; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class FieldError:
    path: str  # JSON path, e.g. "enterprise.uscc", "scenarios[2].guide_link"; "$" is the whole document
    message: str  # Chinese

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "message": self.message}

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class FactsInvalid(ValueError):
    """The facts about a factory are invalid; `.errors` lists every problem at once."""

    def __init__(self, errors: list[FieldError]):
        self.errors = list(errors)
        super().__init__("; ".join(str(e) for e in self.errors))
