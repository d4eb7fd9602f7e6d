"""The `factorytier` console script.

`factorytier check …` is the rule engine's command (see factorytier.policy.cli, no Django needed);
every other sub-command is handed to Django's management commands, so `factorytier migrate`,
`factorytier demo` and `factorytier runserver` work like `python manage.py …`.
"""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "check":
        from factorytier.policy.cli import main as check_main

        return check_main(argv[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factorytier.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["factorytier", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
