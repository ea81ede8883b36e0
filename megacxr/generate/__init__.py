"""``megacxr variants generate``: report variants written by a local instruct LLM, validated before they are kept.

The LLM2VEC4CXR recipe learns robustness from stylistically diverse but clinically equivalent rewrites of each
report (kind "paraphrase") and from rewrites with exactly one clinical error (kind "error"). This package writes both
with an open model on the hospital's own machines (vLLM when installed, else transformers ``generate``), checks
every output (``checks``) and writes the external-variants JSONL the supcon stage reads (``megacxr.data.variants``).

* ``checks``: the validation rules (empty, copied, truncated, facts changed, zero or several errors, PHI);
* ``backends``: the model folder's checks and the two generation engines behind one interface;
* ``prompts``: the prompt templates (editable text files, few-shot examples written by us);
* ``job``: shards -> partition -> prompts -> generation -> checks -> JSONL, resumable, with counts.
"""
