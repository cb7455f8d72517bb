"""The web layer: pages and API (one blueprint per feature), who is who, protections and the live channel."""
