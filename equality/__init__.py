"""Equality monitoring: sex, ethnicity and disability, asked with "prefer not to say" and kept apart.

Special category data (UK GDPR article 9): kept in its own table, never on the person's record, read only
by people granted the permission to compile returns.
"""
