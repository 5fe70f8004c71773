"""Community Speed Watch: groups, approved sites, volunteers, sessions, letters and referrals."""
