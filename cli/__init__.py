"""The command line of nianbao: its parser and every subcommand (`main.py check`, `export`, …).

It lives here, in an imported package, rather than in main.py, because Python never
caches the bytecode of the script it runs as __main__: main.py is compiled anew at every
start, while these modules are compiled once into __pycache__. main.py therefore stays a
small entry that starts the wizard and imports cli.parser only when a command (or -h) is
given.

Like models/ and export/, the command line never imports Qt; heavy modules are imported
inside the commands that need them.
"""
