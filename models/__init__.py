"""The report domain: formats, the report model, its rules, the exchange file.

Nothing in this package imports Qt (tests/models/test_no_qt.py proves it), so the command
line, the export and the tests use exactly the rules the wizard shows.
"""
