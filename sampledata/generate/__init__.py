"""Generating county- and national-scale data sets for benchmarks."""
