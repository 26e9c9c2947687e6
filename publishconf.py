"""Production settings: absolute URLs, feeds, and a manifest for pelican-posse.

`make publish` builds with this file; it imports everything from pelicanconf.py.
"""

import os
import sys

# pelicanconf.py sits next to this file; find it wherever pelican is run from.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: F403

SITEURL = "https://posse-demo.example.jp"
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
DELETE_OUTPUT_DIRECTORY = True

# The demo's articles were written in autumn 2026, so POSSE_MAX_AGE (14 days by
# default: older articles are never announced by themselves) would hold them all
# back and `make publish` would preview nothing. Demo only: leave it out of your
# blog's settings.
POSSE_MAX_AGE = None
