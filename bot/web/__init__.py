"""The clinic website's chat widget (static files) and a small server for the demo page."""
