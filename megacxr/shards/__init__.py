"""Shard building: source readers, report sectioning, PHI screen, images, planner, tar writer, manifest, verify."""
