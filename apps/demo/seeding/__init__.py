"""Demo data: the small shop built through the services, and bulk shops loaded with COPY."""
