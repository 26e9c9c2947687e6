"""Settings of the pelican-posse demo blog (a local build: relative URLs)."""

AUTHOR = "山田 花子"
SITENAME = "POSSE デモブログ"
SITEURL = ""
PATH = "content"
TIMEZONE = "Asia/Tokyo"
DEFAULT_LANG = "ja"

FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# The plugin is found through its namespace package (pip install -e .).
PLUGINS = ["pelican.plugins.posse"]
