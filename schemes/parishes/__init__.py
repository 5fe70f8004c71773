"""Parish and town councils: CSC agreements, posts, claims and the parish portal."""
