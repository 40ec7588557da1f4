"""Integration tests (a package: test_console.py shares its name with the browser test)."""
