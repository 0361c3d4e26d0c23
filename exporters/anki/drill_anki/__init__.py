"""Anki (.apkg) exporter for drill."""
