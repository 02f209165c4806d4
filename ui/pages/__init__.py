"""One module per kind of wizard page; each loads from and writes to the EditSession."""
