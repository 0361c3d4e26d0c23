"""Anki text-import (CSV/TSV) exporter for drill."""
