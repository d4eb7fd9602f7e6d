"""Job kinds: each maps to a function (job, report) -> (file name, bytes or a pathlib.Path of a temporary
file, which is moved into storage and removed: large exports stream to disk instead of memory).

`report(percent, message)` records progress that the waiting page shows.
"""

from collections.abc import Callable

Handler = Callable[..., tuple[str, bytes]]
_handlers: dict[str, Handler] = {}


def job_kind(name: str):
    def register(func: Handler) -> Handler:
        _handlers[name] = func
        return func

    return register


def handler_for(name: str) -> Handler:
    return _handlers[name]
