"""Each stage's batch as a declared type, made ready for the model in one step, before the model.

The loader yields plain dicts of CPU tensors (``megacxr.data.batches`` collates them in the workers: picklable,
and what DeepSpeed hands to a module's forward). A stage's module first calls its recipe's prepare(batch, device,
dtype), exported as ``prepare_mntp``, ``prepare_supcon`` and ``prepare_clip``: the text fields an encoder reads
are picked and moved once (``text_inputs``, ``joined_text``), the images expanded on the device, and the result is
a typed batch (``MntpBatch``, ``SupconBatch``, ``ClipBatch``) that says what the model reads. Evaluation uses the
clip recipe without the trainer.

Modules: ``text`` (the encoder's fields of a text dict, moved; several texts joined for one forward), ``mntp``,
``supcon``, ``clip``.
"""

from megacxr.data.recipes.clip import ClipBatch
from megacxr.data.recipes.clip import prepare as prepare_clip
from megacxr.data.recipes.mntp import MntpBatch
from megacxr.data.recipes.mntp import prepare as prepare_mntp
from megacxr.data.recipes.supcon import SupconBatch
from megacxr.data.recipes.supcon import prepare as prepare_supcon
from megacxr.data.recipes.text import joined_text, text_inputs, to_device

__all__ = [
    "ClipBatch",
    "MntpBatch",
    "SupconBatch",
    "joined_text",
    "prepare_clip",
    "prepare_mntp",
    "prepare_supcon",
    "text_inputs",
    "to_device",
]
