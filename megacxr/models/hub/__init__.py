"""Files that travel inside an exported encoder folder (``megacxr.models.export.export_encoder`` copies them there)."""
