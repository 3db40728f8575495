"""Regenerate the generated actor dictionaries from PETRARCH-2 Phoenix and country packages (`make dictionaries PHOENIX=DIR`).

A developer tool: the outputs are committed, so a fresh clone never runs it. The work is done by
``eventwire.actors.build_dictionaries`` (see its docstring for the inputs and the files written).
"""

from eventwire.actors.build_dictionaries import main

if __name__ == "__main__":
    main()
