"""Community Safety Accreditation Scheme: organisations, accredited persons and refreshers."""
