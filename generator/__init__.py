"""Praktijkenbank Vaardigheden: practice records (YAML) → validated → rendered → mkdocs-material site → Pagefind index."""
