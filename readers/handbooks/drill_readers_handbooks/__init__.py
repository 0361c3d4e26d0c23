"""drill's first-party handbook readers: .pdf with a text layer (Word handbooks are read by drill-readers-office).

Each module holds one reader of the :mod:`drill.reading` contract, published
under the entry point group ``drill.readers``.
"""
