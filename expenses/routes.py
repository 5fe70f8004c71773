"""Expenses pages."""
