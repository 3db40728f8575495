"""Regenerate the coder's derived data files (mapping.tsv, lexicon_cameo.tsv) from their public sources.

`make coder-data PETRARCH_DICT=CAMEO.2.0.txt CAMEO2PLOVER=CAMEO2PLOVER-2021.txt`. A developer tool: the outputs are
committed. The work is done by ``eventwire.events.build_data`` (see its docstring).
"""

from eventwire.events.build_data import main

if __name__ == "__main__":
    main()
