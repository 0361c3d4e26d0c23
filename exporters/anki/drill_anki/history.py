"""The learner's drill history written into the package: drill's own :mod:`drill.anki_history`."""

from drill.anki_history import CardHistory, LoggedAnswer, PackageHistory, read_history

__all__ = ["CardHistory", "LoggedAnswer", "PackageHistory", "read_history"]
