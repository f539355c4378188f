"""Every view that accepts a POST, submitted by every role: see ``tests/test_every_form.py``.

``harness.py`` holds the machinery (the ``Form`` entry, reading a page's HTML form, who may submit,
discovering POST views); the ``payloads_*.py`` modules hold one entry per form; ``registry.py`` collects
them with the deliberate exclusions. How to add an entry is described at the top of ``registry.py``.
"""
