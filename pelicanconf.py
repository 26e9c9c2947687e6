"""Settings of the pelican-posse demo blog (a local build: relative URLs).

Every account below is fictitious (``posse_demo``-style); replace them with yours.
"""

AUTHOR = "山田 花子"
SITENAME = "POSSE デモブログ"
SITESUBTITLE = "中小企業診断士の仕事ノート"
SITEURL = ""
PATH = "content"
THEME = "theme"
TIMEZONE = "Asia/Tokyo"
DEFAULT_LANG = "ja"
DEFAULT_DATE_FORMAT = "%Y年%-m月%-d日"
DATE_FORMATS = {"ja": "%Y年%-m月%-d日", "en": "%B %-d, %Y"}
DEFAULT_PAGINATION = 10
# Pelican cuts summaries at spaces, which Japanese has none of ("…とい …"): the
# index shows the whole first paragraph instead, and the theme clamps it to
# three lines.
SUMMARY_MAX_PARAGRAPHS = 1
SUMMARY_MAX_LENGTH = None

# Clean URLs; a translation lives under its original: /posts/SLUG/en/.
ARTICLE_URL = "posts/{slug}/"
ARTICLE_SAVE_AS = "posts/{slug}/index.html"
ARTICLE_LANG_URL = "posts/{slug}/{lang}/"
ARTICLE_LANG_SAVE_AS = "posts/{slug}/{lang}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = "{slug}/{lang}/"
PAGE_LANG_SAVE_AS = "{slug}/{lang}/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = "category/{slug}/index.html"
AUTHOR_URL = "author/{slug}/"
AUTHOR_SAVE_AS = "author/{slug}/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = "categories/index.html"
AUTHORS_URL = "authors/"
AUTHORS_SAVE_AS = "authors/index.html"
# A Japanese title makes a long URL: an article's slug is its file name. Tags,
# categories and authors keep their Japanese (/tag/補助金/); Pelican's default
# would spell them in Chinese pinyin ("bu-zhu-jin").
SLUGIFY_SOURCE = "basename"
SLUGIFY_USE_UNICODE = True

STATIC_PATHS = ["images"]

# The feed the `rss` profile link points to. A local build keeps it too, so the
# link is never broken. FEED_DOMAIN is the local preview's address (make serve);
# without one Pelican warns that the feed may not be valid. publishconf.py sets
# the real domain.
FEED_DOMAIN = "http://127.0.0.1:8000"
FEED_ALL_ATOM = None
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# The plugin is found through its namespace package (pip install -e .).
PLUGINS = ["pelican.plugins.posse"]

# --- pelican-posse -----------------------------------------------------------
# The site owner's accounts: the follow bar, rel="me" links, JSON-LD sameAs,
# twitter:site. A handle or a full https:// URL.
POSSE_PROFILES = {
    "x": "posse_demo",
    "facebook": "posse.demo.jp",
    "note": "posse_demo",
    "linkedin": "https://www.linkedin.com/in/posse-demo",
    "mastodon": "@posse_demo@mastodon.example",
    "bluesky": "posse-demo.bsky.social",
    "youtube": "https://www.youtube.com/@posse_demo",
    "github": "posse-demo",
    "rss": True,  # the site's own feed (FEED_ALL_RSS below)
}

# Per author: the author card and twitter:creator. An author not listed here
# falls back to POSSE_PROFILES.
POSSE_AUTHORS = {
    "山田 花子": POSSE_PROFILES,
    "Emily Carter": {
        "x": "emily_posse",
        "linkedin": "https://www.linkedin.com/in/emily-carter-posse-demo",
        "mastodon": "@emily@fosstodon.example",
        "github": "emily-posse-demo",
    },
}

# Networks that get a follow button, in this order.
POSSE_FOLLOW = ["x", "facebook", "note"]

# Share links under each article (plain links, no script), in this order. They need
# absolute URLs, so they appear in the published build (publishconf.py) only.
POSSE_SHARE = ["x", "facebook", "line", "hatena"]
