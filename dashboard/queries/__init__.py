"""The SQL behind the figures: each module aggregates one area in a fixed number of queries."""
