"""The checker that reads the book: every formula a reader sees, bound to a check.

Build machinery, not part of the reader-facing :mod:`calcnotes` API: the Sphinx extension
``_ext/formula_check.py`` and the mutation test call it.
"""
