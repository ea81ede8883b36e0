"""The streaming data pipeline: WebDataset shards to batches for the mntp, supcon and clip stages.

Modules: ``stream`` (shard assignment across ranks and workers, source mixing, shuffle, exact resume, bad-data
accounting), ``image_tf`` (CXR augmentations without torchvision), ``text`` (section choice, prefix, sentence
shuffle, tokenization), ``packing`` (padded batches and the concatenation of text fields; ``batches`` builds the
packed layout and the recipes' collation), ``recipes`` (each stage's typed batch and its one prepare step
before the model), ``masking`` (MNTP masking).
"""
