"""drafter serve: the local web page and its JSON API (FastAPI; imported only when serve runs)."""
