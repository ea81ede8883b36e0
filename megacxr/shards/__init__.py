"""Shard building: source readers (scan and load; report sectioning and cleaning are ``megacxr.reports``), the PHI
screen (``phi``: windows and passes;
``phi_patterns``: shapes and cues; ``phi_names``: name classes; ``phi_places``: institutions and places;
``phi_context``: identifiers known by their neighbours; ``phi_lexicon``: word classes; ``phi_spans``: the masked
runs later passes look beside; ``phi_hl7``: HL7 segments' identifying fields; ``phi_voter``: the learned voter
after the rules, its weights in ``tables/phi_voter.tsv``; ``phi_voter_fit``: fitting it on the written sets;
``phi_eval``: measuring it),
images, the planner (units, no image read), per-study preparation and the unit worker, the worker pool, dedup
settled at finalize, tar writer, manifest, verify."""
