"""Shard building: source readers (scan and load), report sectioning, PHI screen, images, the planner (units,
no image read), per-study preparation and the unit worker, the worker pool, dedup settled at finalize, tar
writer, manifest, verify."""
