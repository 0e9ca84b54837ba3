"""Where Klyngebot keeps conversations (named in endpoints.yml)."""
