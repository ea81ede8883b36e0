"""The streaming data pipeline: WebDataset shards to batches for the mntp, supcon and clip stages.

Modules: ``stream`` (shard assignment across ranks and workers, source mixing, shuffle, exact resume, bad-data
accounting), ``image_tf`` (CXR augmentations without torchvision), ``text`` (section choice, prefix, sentence
shuffle, tokenization), ``packing`` (padding-free packing with cu_seqlens, and padded batches), ``masking``
(MNTP masking).
"""
