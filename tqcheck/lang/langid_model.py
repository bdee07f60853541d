"""py3langid's language-ID model, kept decompressed in the cache folder and memory-mapped.

py3langid ships its model LZMA-compressed (4.6 MB). Loading it decompresses about 60 MB
and copies every table into the process: about 0.4 s and 50 MB, paid by every
`tqcheck check` that runs the language checks, and again by each process of a parallel
run that does not inherit it. Here the first load writes the same tables, uncompressed, to
tqcheck's cache folder (tqcheck.lang.cache); every later load memory-maps them. That takes a few
milliseconds, and the pages belong to the operating system's file cache, shared by every
process that maps them, rather than a private copy in each.

The identifier is py3langid's own `LanguageIdentifier`, built from the same tables, so it
gives the same answers (tested). Where the cache cannot be written or read back, py3langid
loads its model the usual way.
"""

from __future__ import annotations

import json
from array import array
from functools import partial
from pathlib import Path
from typing import Any

from tqcheck.lang.cache import atomic_write, cache_dir, checksummed, intact, notice

# The tables of a py3langid model, as `py3langid.modelio.load_model` returns them, in order.
_TABLES = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")


def load_identifier() -> Any:
    """py3langid's `LanguageIdentifier` with normalised probabilities, from the cache when possible."""
    from importlib.metadata import version

    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    model = MODEL_DIR / MODEL_FILE
    folder = cache_dir() / f"py3langid-{version('py3langid')}-{model.stat().st_size}"
    tables = _mapped(folder)
    if tables is None:
        tables = _decompressed(model)
        try:
            _store(folder, tables)
        except OSError:  # no writable cache: use the tables just loaded
            pass
        else:
            tables = _mapped(folder) or tables
    ptc, pc, classes, nextmove, nextmove_row, out_feat = tables
    identifier = LanguageIdentifier(ptc, pc, classes, nextmove, out_feat, norm_probs=True, tk_row=nextmove_row)
    return _Guarded(identifier, model)


class _Guarded:
    """The identifier, rebuilt from py3langid's own model file if the cached tables turn out damaged.

    The big arrays are checked by size only (see `tqcheck.lang.cache.intact`); a flipped byte inside one
    surfaces as an index out of range, and then the model is decompressed again, in memory.
    """

    def __init__(self, identifier: Any, model: Path) -> None:
        self.identifier = identifier
        self.model = model

    def classify(self, text: str) -> Any:
        try:
            return self.identifier.classify(text)
        except (IndexError, ValueError, KeyError):
            return self._rebuilt().classify(text)

    def rank(self, text: str) -> Any:
        try:
            return self.identifier.rank(text)
        except (IndexError, ValueError, KeyError):
            return self._rebuilt().rank(text)

    def _rebuilt(self) -> Any:
        from py3langid.langid import LanguageIdentifier

        notice(f"tqcheck: the cached language-ID tables are damaged; using {self.model.name} directly "
               f"(delete {cache_dir()} to rebuild them)")
        ptc, pc, classes, nextmove, nextmove_row, out_feat = _decompressed(self.model)
        self.identifier = LanguageIdentifier(ptc, pc, classes, nextmove, out_feat, norm_probs=True,
                                             tk_row=nextmove_row)
        return self.identifier


def _decompressed(model: Path) -> tuple[Any, ...]:
    """The model's tables, read by py3langid itself (the slow way)."""
    from py3langid.modelio import load_model

    return tuple(load_model(model))


def _store(folder: Path, tables: tuple[Any, ...]) -> None:
    """One `.npy` file per table (the class labels as JSON), each written atomically."""
    import numpy as np

    for name, table in zip(_TABLES, tables):
        if name == "classes":
            atomic_write(folder / "classes.json", partial(_write_text, text=json.dumps(table)))
            continue
        values = np.frombuffer(table, dtype=table.typecode) if isinstance(table, array) else np.asarray(table)
        if name == "out_feat":
            values = values.astype(np.int32)

        def save(temp: str, values: Any = values) -> None:
            with open(temp, "wb") as stream:
                np.save(stream, values, allow_pickle=False)

        atomic_write(folder / f"{name}.npy", save)


def _write_text(path: str, text: str) -> None:
    Path(path).write_text(text, encoding="utf-8")


def _mapped(folder: Path) -> tuple[Any, ...] | None:
    """The cached tables, memory-mapped; None when any is missing or unreadable.

    The transition table and the feature index are walked byte by byte in Python, so they are
    handed over as memoryviews (indexing one gives a plain int, as py3langid's own arrays do);
    the probability tables stay NumPy arrays.
    """
    import numpy as np

    files = [folder / "classes.json", *(folder / f"{name}.npy" for name in _TABLES if name != "classes")]
    if not all(intact(path) for path in files):
        if any(checksummed(path) for path in files):
            notice(f"tqcheck: the language-ID tables in {folder} were damaged or incomplete; rebuilt")
        return None
    try:
        classes = json.loads((folder / "classes.json").read_text(encoding="utf-8"))
        mapped = {name: np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False)
                  for name in _TABLES if name != "classes"}
    except (OSError, ValueError):
        return None
    if not isinstance(classes, list) or mapped["pc"].shape != (len(classes),) \
            or mapped["ptc"].shape[1:] != (len(classes),):
        return None
    walk = {name: memoryview(mapped[name]) for name in ("nextmove", "nextmove_row", "out_feat")}
    return mapped["ptc"], mapped["pc"], classes, walk["nextmove"], walk["nextmove_row"], walk["out_feat"]
