"""The recruitment pipeline: applications, stage moves, attestation and the recruitment report."""
