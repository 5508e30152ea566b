"""HTML pages of the knowledge base, a module per concern."""
