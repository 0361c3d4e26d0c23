"""The learner's drill history written into the package (built by :func:`drill.exporting.review_history`)."""

from drill.exporting import review_history as read_history

__all__ = ["read_history"]
