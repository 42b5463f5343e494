"""The one error type of commands: input they cannot use, said in one line (exit status 2)."""

from __future__ import annotations


class CommandError(Exception):
    """A bad argument, an unreadable or unusable input; the message is the line to print."""
