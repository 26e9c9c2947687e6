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
