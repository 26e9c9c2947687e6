"""Inside `pelican-posse`: plan, deliver, outbox, networks. Never imports `render`."""
