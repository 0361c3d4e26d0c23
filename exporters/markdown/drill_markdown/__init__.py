"""Markdown study-sheet and exam-paper exporter for drill."""
