"""pelican-posse: Publish on your Own Site, Syndicate Elsewhere.

On the blog: follow buttons, the author's profile links and link-card metadata on
every article, with no third-party script. On publish: each new article announced
once on X and a Facebook Page (``pelican-posse publish``).
"""

from .plugin import register

__all__ = ["register"]
