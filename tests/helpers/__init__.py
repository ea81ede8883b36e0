"""What tests share, imported as ``helpers.<module>`` (``tests/`` is on the path; no test imports another test):

``cli`` (repository paths, the CLI, training under a launcher, metrics, free ports, README blocks), ``datasets``
(hospital-CSV datasets from the real CXR fixtures), ``images`` (DICOM writers), ``streams`` (tiny shard folders
and the stream's draw function), ``references`` (plain one-process loss references), ``gather_data`` (the
two-rank scenarios), ``tolerance`` (tolerances by reduction length), ``tokenizer`` (word-level tokenizers),
``hostile`` (hostile files).
"""
