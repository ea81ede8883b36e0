"""megacxr: a training stack for chest X-ray image-report models.

Shards (``megacxr.shards``), synthetic datasets (``megacxr.synth``), and the CLI (``megacxr.cli``).
"""

__version__ = "0.1.0"
