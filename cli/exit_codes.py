"""The exit codes of the command line: 0 success; 1 the report has errors (check) or may
not be processed as asked; 2 the input cannot be read."""

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2
EXIT_REFUSED = 1  # the store refused: unknown id, busy, read-only, disk full
