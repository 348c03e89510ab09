"""Address and place search over the cache: the standard address library, names and codes.

``search(cache, query)`` returns ranked :class:`Hit` objects; ``nearest_address`` is the
reverse lookup; ``ensure_index`` builds the index kept inside the cache (tables
``cimview_search_*``) when a cache made before it is opened.
"""

from store.search.engine import search
from store.search.hits import Hit, Match
from store.search.index import build_index, ensure_index, has_index
from store.search.reverse import nearest_address

__all__ = ["Hit", "Match", "build_index", "ensure_index", "has_index", "nearest_address",
           "search"]
