"""Inside `pelican`: what the plugin adds to a build (collect, pieces, link card,
share row, links back). Never imports `publish`."""
