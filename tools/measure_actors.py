"""Measure actor resolution against gold actor annotations (`make measure-actors`; a measurement, not a test).

The work is done by ``eventwire.actors.measure`` (see its docstring for the gold sets and the options).
"""

from eventwire.actors.measure import main

if __name__ == "__main__":
    main()
