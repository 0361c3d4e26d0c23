"""drill's first-party readers for Office files: .docx (question banks in the text form, handbooks).

Each module holds one reader of the :mod:`drill.reading` contract, published
under the entry point group ``drill.readers``.
"""
