"""Sample data: the Essex-shaped demo data set (`flask seed-demo`) and the benchmark generator
(`flask cip generate`). Nothing in the application imports this package: the app factory registers its
commands lazily, so the code loads only when one of them runs."""
