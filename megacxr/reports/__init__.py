"""Report language, apart from any pipeline: a leaf package (it imports nothing of megacxr but the leaf modules),
used by the shard builder, the data pipeline, the synthetic corpora, report generation and the evaluations.

Modules: ``labels`` (the 14 CheXpert labels), ``sections`` (report sections and their names), ``segments``
(overlapping windows of long texts), ``textclean`` (a study's cleaned training text: de-id marks, case, control
characters), ``sentences`` (sentence splitting and shuffling), ``abbreviations`` (expansion and contraction),
``negation`` (finding mentions, their status, and the rewrites that negate or assert them: the one-error
candidates of supcon's hard negatives and the evaluations), ``lexicon`` (reading the tables).

The tables are data files in ``tables/``: ``negation.yaml`` (each label's phrases, statements of absence,
triggers, the words the rewrites swap) and ``abbreviations.tsv``; edited there, not in the code.
"""
