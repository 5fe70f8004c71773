"""Call-outs: asking the available, eligible people to take a shift, answered in one tap or by text."""
