"""Files that travel inside an exported encoder folder (``export_encoder`` copies them there)."""
