"""Availability and absence: when a volunteer can be called on, and when they cannot (leave, sickness)."""
