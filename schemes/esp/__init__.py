"""Employer Supported Policing: businesses, engagement, employee-Specials and ESP hours."""
