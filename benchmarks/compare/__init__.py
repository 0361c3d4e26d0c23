"""The comparator sides of the benchmarks (the official ``anki`` package, genanki, py-fsrs's torch optimizer)."""
