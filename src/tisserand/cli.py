"""The ``tisserand`` console script: Django's management commands under one name."""

import os
import sys

DEFAULT_SETTINGS = "tisserand.settings"
# Commands of the development tools, whose apps a production server does not install.
TOOL_COMMANDS = {"generate"}
TOOL_SETTINGS = "tisserand.tools_settings"


def settings_for(argv: list[str]) -> str:
    """The settings module for this command line (an explicit choice is kept)."""
    chosen = os.environ.get("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    command = argv[1] if len(argv) > 1 else ""
    if command in TOOL_COMMANDS and chosen == DEFAULT_SETTINGS:
        return TOOL_SETTINGS
    return chosen


def main() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_for(sys.argv)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
