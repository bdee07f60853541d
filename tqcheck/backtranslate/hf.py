"""The transformers backend: any Hugging Face encoder-decoder translation model, from the Hub or a directory.

Families and what each needs per call:

- `marian` (OPUS-MT): bilingual models need nothing; multilingual ones take a `>>ara<<` token
  at the start of every input naming the target language.
- `nllb` (NLLB-200, model type `m2m_100` or `nllb-moe` with an NLLB tokenizer): `tokenizer.src_lang`
  and `forced_bos_token_id` set to `eng_Latn`-style codes.
- `m2m100`: the same with `en`-style codes (tokens `__en__`).
- `mbart` (mBART-50 many-to-many): the same with `en_XX`-style codes.
- `seq2seq`: any other encoder-decoder, used as a bilingual model as is.

transformers and torch are imported inside the functions that need them, never at module
import, so `tqcheck check` starts fast on installs without them. All model-loading I/O in
tqcheck happens in this module.
"""

from __future__ import annotations

import hashlib
import os
import platform
import re
import sys
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tqcheck.backtranslate.base import TranslationSettings
from tqcheck.backtranslate.batching import make_batches
from tqcheck.backtranslate.codes import language_code
from tqcheck.errors import ModelError

INSTALL_HINT = "pip install 'tqcheck[backtranslation]'"
DEFAULT_MAX_LENGTH = 512
_COMMIT = re.compile(r"^[0-9a-f]{40}$")
_NLLB_CODE = re.compile(r"^[a-z]{3}_[A-Z][a-z]{3}$")
_MBART_CODE = re.compile(r"^[a-z]{2}_[A-Z]{2}$")
_M2M_TOKEN = re.compile(r"^__([a-z]{2,3})__$")
_MARIAN_TOKEN = re.compile(r"^>>.+<<$")
_SMALL_FILE = 8 << 20
_EDGE = 1 << 20


class HFTranslator:
    """Translate with a transformers seq2seq model; loads on first use.

    Implements `Translator` and `BatchTranslator`. `fingerprint()` identifies the model and
    the output-affecting settings for the cache, without loading the weights when the model
    is a local directory or already in the local Hugging Face cache.
    """

    def __init__(self, settings: TranslationSettings) -> None:
        self.settings = settings
        self.model: Any = None
        self.tokenizer: Any = None
        self.family: str | None = None
        self.device: str | None = None
        self.dtype: str | None = None
        self.max_length = settings.max_length or DEFAULT_MAX_LENGTH
        self._local = local_directory(settings.model)
        self._identity: dict[str, object] | None = None
        self._loaded_content: str | None = None
        self.truncated = 0  # inputs longer than `max_length`, cut there (see `token_lengths`)

    @property
    def loaded(self) -> bool:
        return self.model is not None

    # -- identity ---------------------------------------------------------------------------------

    def fingerprint(self) -> Mapping[str, object]:
        """Model identity plus the settings that change the output; what the cache keys on.

        A local directory is hashed on every call, and if it changed since the model was loaded
        (retrained in place during a long session) the stale model is dropped, to be reloaded.
        """
        if self._local is not None:
            content = directory_hash(self._local)
            if self.loaded and content != self._loaded_content:
                self.model = self.tokenizer = None
            identity: dict[str, object] = {"model": "local", "content": content}
        else:
            if self._identity is None:
                self._identity = self._hub_identity()
            identity = self._identity
        # Before loading, the precision is foreseen without importing torch (4 s), so that a fully cached
        # run never loads it; once loaded, the real one is used, and a wrong guess only re-keys the run.
        dtype = self.dtype if self.loaded and self.dtype else foreseen_dtype(self.settings.dtype, self.settings.device)
        return {**identity, "dtype": dtype, **self.settings.generation_key()}

    def _hub_identity(self) -> dict[str, object]:
        commit = hub_commit(self.settings.model, self.settings.revision)
        if commit is None:
            self.load()  # downloads (or fails clearly); afterwards the local HF cache knows the commit
            commit = hub_commit(self.settings.model, self.settings.revision)
        if commit is None:  # loaded from somewhere try_to_load_from_cache cannot see
            config = self.model.config.to_json_string()
            return {"model": self.settings.model, "revision": self.settings.revision or "main",
                    "config": hashlib.sha256(config.encode()).hexdigest()}
        return {"model": self.settings.model, "commit": commit}

    # -- loading ----------------------------------------------------------------------------------

    def load(self) -> None:
        """Load tokenizer and model (once), onto the resolved device and precision."""
        if self.loaded:
            return
        transformers, torch = import_backend()
        name = self.settings.model
        source = str(self._local) if self._local is not None else name
        offline = hub_offline()
        options: dict[str, Any] = {}
        if self._local is None:
            if self.settings.revision:
                options["revision"] = self.settings.revision
            if offline:
                options["local_files_only"] = True
        elif not (self._local / "config.json").is_file():
            raise ModelError(f"{self._local}: not a Hugging Face model directory (no config.json)")
        else:
            self._loaded_content = directory_hash(self._local)
        if self._local is None and not offline and hub_commit(name, self.settings.revision) is None:
            unreachable = hub_unreachable()
            if unreachable is not None:  # fail now, not after the hub client's retries (about 30 s)
                raise load_error(name, None, False, unreachable, self.settings.revision)
        try:
            config = transformers.AutoConfig.from_pretrained(source, **options)
        except Exception as exc:
            raise load_error(name, self._local, offline, exc, self.settings.revision) from None
        if not getattr(config, "is_encoder_decoder", False):
            raise ModelError(f"{name}: a {config.model_type!r} model is not a sequence-to-sequence "
                             "translation model (use Marian/OPUS-MT, NLLB, M2M100, mBART-50 or another "
                             "encoder-decoder)")
        self.device = resolve_device(self.settings.device)
        self.dtype = resolve_dtype(self.settings.dtype, self.device)
        try:
            with quiet_loading(transformers):
                tokenizer = transformers.AutoTokenizer.from_pretrained(source, **options)
                model = transformers.AutoModelForSeq2SeqLM.from_pretrained(
                    source, dtype=getattr(torch, self.dtype), **options)
        except ImportError as exc:
            raise ModelError(f"{name}: {_first_line(exc)}; install it with {INSTALL_HINT}") from None
        except Exception as exc:
            raise load_error(name, self._local, offline, exc, self.settings.revision) from None
        model.to(self.device)
        model.eval()
        self.tokenizer, self.model = tokenizer, model
        if self._local is None:
            self._identity = None  # online, loading may have moved the branch to a newer commit
        self.family = detect_family(config.model_type, tokenizer)
        limit = getattr(config, "max_position_embeddings", None) or DEFAULT_MAX_LENGTH
        self.max_length = min(self.settings.max_length, limit) if self.settings.max_length else limit

    # -- translating ------------------------------------------------------------------------------

    def translate(self, texts: Sequence[str], src_lang: str, tgt_lang: str) -> list[str]:
        """Translate `texts` from `src_lang` into `tgt_lang` (BCP-47 tags); output order = input order."""
        outputs = [""] * len(texts)
        for indices, batch in self.translate_batches(texts, src_lang, tgt_lang):
            for index, output in zip(indices, batch, strict=True):
                outputs[index] = output
        return outputs

    def translate_batches(self, texts: Sequence[str], src_lang: str,
                          tgt_lang: str) -> Iterator[tuple[list[int], list[str]]]:
        """Yield `(indices, translations)` batch by batch, longest texts first.

        Empty and whitespace-only texts come back as "" in a first pseudo-batch, without the model.
        """
        blank = [index for index, text in enumerate(texts) if not text.strip()]
        if blank:
            yield blank, [""] * len(blank)
        wanted = [index for index, text in enumerate(texts) if text.strip()]
        if not wanted:
            return
        self.load()
        inputs, forced_bos = self._prepare([texts[index] for index in wanted], src_lang, tgt_lang)
        lengths = self.token_lengths(inputs)
        for batch in make_batches(lengths, self.settings.batch_tokens):
            outputs = self._generate([inputs[position] for position in batch], forced_bos,
                                     max(lengths[position] for position in batch))
            yield [wanted[position] for position in batch], outputs

    def token_lengths(self, texts: Sequence[str]) -> list[int]:
        """Input length of every text in tokens (special tokens included, cut at max_length).

        A text longer than the limit is cut there when it is encoded; `truncated` counts them, so
        the caller can say so (a cut sentence's back-translation lacks its end).
        """
        self.load()
        transformers, _torch = import_backend()
        verbosity = transformers.utils.logging.get_verbosity()
        transformers.utils.logging.set_verbosity_error()  # "sequence longer than the maximum": counted instead
        try:
            encoded = self.tokenizer(list(texts), truncation=False)
        finally:
            transformers.utils.logging.set_verbosity(verbosity)
        lengths = [len(ids) for ids in encoded["input_ids"]]
        self.truncated += sum(1 for length in lengths if length > self.max_length)
        return [min(length, self.max_length) for length in lengths]

    def _prepare(self, texts: list[str], src_lang: str, tgt_lang: str) -> tuple[list[str], int | None]:
        """Set the language state the family needs; returns the texts to encode and the forced BOS id."""
        tokenizer, name = self.tokenizer, self.settings.model
        if self.family == "marian":
            targets = set(getattr(tokenizer, "supported_language_codes", None) or ()) or {
                token for token in tokenizer.get_vocab() if _MARIAN_TOKEN.match(token)}
            if not targets:
                return texts, None
            prefix = language_code("marian", tgt_lang, targets, name)
            return [f"{prefix} {text}" for text in texts], None
        if self.family in ("nllb", "m2m100", "mbart"):
            available = language_codes(self.family, tokenizer)
            source = language_code(self.family, src_lang, available, name, target=False)
            target = language_code(self.family, tgt_lang, available, name)
            tokenizer.src_lang = source
            token = tokenizer.get_lang_token(target) if self.family == "m2m100" else target
            return texts, int(tokenizer.convert_tokens_to_ids(token))
        return texts, None

    def _generate(self, texts: list[str], forced_bos: int | None, longest: int) -> list[str]:
        _transformers, torch = import_backend()
        settings = self.settings
        encoded = self.tokenizer(texts, return_tensors="pt", padding=True, truncation=True,
                                 max_length=self.max_length).to(self.device)
        max_new = min(settings.max_new_tokens or 2 * longest + 16, self.max_length)
        options: dict[str, Any] = {"num_beams": settings.num_beams, "max_new_tokens": max_new,
                                   "do_sample": False, "num_return_sequences": 1}
        if forced_bos is not None:
            options["forced_bos_token_id"] = forced_bos
        try:
            with torch.inference_mode():
                generated = self.model.generate(**encoded, **options)
        except torch.cuda.OutOfMemoryError:
            raise ModelError(f"out of memory on {self.device} translating {len(texts)} texts of up to "
                             f"{longest} tokens with {settings.num_beams} beams; lower --batch-tokens "
                             f"(now {settings.batch_tokens}) or --beams") from None
        decoded = self.tokenizer.batch_decode(generated, skip_special_tokens=True)
        # The forced language token is special in released checkpoints; a tokenizer that does not mark it
        # so would leave `__zh__` / `zho_Hans` at the start of every output.
        forced = str(self.tokenizer.convert_ids_to_tokens(forced_bos)) if forced_bos is not None else None
        return [_without_prefix(text.strip(), forced) for text in decoded]


# -- helpers (module level so tests and the benchmark can use them) ---------------------------------


def _without_prefix(text: str, token: str | None) -> str:
    """`text` without the language token(s) it starts with."""
    while token and text.startswith(token):
        text = text[len(token):].lstrip()
    return text


def detect_family(model_type: str, tokenizer: Any) -> str:
    """`marian`, `nllb`, `m2m100`, `mbart` or `seq2seq`, from `config.model_type` and the tokenizer."""
    kind = type(tokenizer).__name__
    if model_type == "marian":
        return "marian"
    if model_type in ("m2m_100", "nllb-moe", "nllb_moe"):
        if kind.startswith("Nllb") or "eng_Latn" in tokenizer.get_vocab():
            return "nllb"
        if kind.startswith("M2M100") or hasattr(tokenizer, "lang_code_to_token"):
            return "m2m100"
    if model_type == "mbart" and (kind.startswith("MBart") or "en_XX" in tokenizer.get_vocab()):
        return "mbart"
    return "seq2seq"


def language_codes(family: str, tokenizer: Any) -> set[str]:
    """The language codes a multilingual tokenizer knows (`eng_Latn`, `en`, `en_XX`)."""
    if family == "m2m100" and hasattr(tokenizer, "lang_code_to_token"):
        return set(tokenizer.lang_code_to_token)
    if family == "mbart" and hasattr(tokenizer, "lang_code_to_id"):
        return set(tokenizer.lang_code_to_id)
    vocab = tokenizer.get_vocab()
    if family == "nllb":
        return {token for token in vocab if _NLLB_CODE.match(token)}
    if family == "m2m100":
        return {match.group(1) for token in vocab if (match := _M2M_TOKEN.match(token))}
    return {token for token in vocab if _MBART_CODE.match(token)}


def resolve_device(requested: str) -> str:
    """`auto` picks cuda, then mps, then cpu; an explicit device must be available."""
    _transformers, torch = import_backend()
    kind, _, index = requested.partition(":")
    mps = getattr(torch.backends, "mps", None)
    mps_available = bool(mps is not None and mps.is_available())
    if kind == "auto":
        if torch.cuda.is_available():
            return "cuda"
        return "mps" if mps_available else "cpu"
    if kind == "cuda":
        if not torch.cuda.is_available():
            build = "a CPU-only build" if torch.version.cuda is None else "no CUDA GPU is visible"
            raise ModelError(f"--device {requested}: CUDA is not available "
                             f"(torch {torch.__version__}, {build})")
        if index and (not index.isdigit() or int(index) >= torch.cuda.device_count()):
            raise ModelError(f"--device {requested}: no such GPU ({torch.cuda.device_count()} visible)")
    if kind == "mps" and not mps_available:
        raise ModelError(f"--device {requested}: Apple MPS is not available on this machine")
    return requested


def foreseen_dtype(requested: str, device: str) -> str:
    """The precision `resolve_dtype(requested, resolve_device(device))` will most likely give, without torch.

    A GPU is taken to be there when the NVIDIA driver shows one (and CUDA_VISIBLE_DEVICES does not hide
    it), Apple silicon to have MPS; a GPU is taken to support bfloat16 (every one since 2020 does).
    """
    if requested != "auto":
        return requested
    kind = device.partition(":")[0]
    if kind == "auto":
        if _nvidia_gpu_visible():
            kind = "cuda"
        elif sys.platform == "darwin" and platform.machine() == "arm64":
            kind = "mps"
    return {"cuda": "bfloat16", "mps": "float16"}.get(kind, "float32")


def _nvidia_gpu_visible() -> bool:
    hidden = os.environ.get("CUDA_VISIBLE_DEVICES")
    if hidden is not None and hidden.strip() in ("", "-1"):
        return False
    gpus = Path("/proc/driver/nvidia/gpus")
    return gpus.is_dir() and any(gpus.iterdir())


def resolve_dtype(requested: str, device: str) -> str:
    """`auto`: float32 on CPU, bfloat16 on a GPU that supports it, else float16."""
    if requested != "auto":
        return requested
    if device.startswith("cuda"):
        _transformers, torch = import_backend()
        return "bfloat16" if torch.cuda.is_bf16_supported() else "float16"
    if device.startswith("mps"):
        return "float16"
    return "float32"


HUB_PROBE_TIMEOUT_S = 3.0


def hub_unreachable() -> OSError | None:
    """Why the Hugging Face Hub cannot be reached (a name or connection error), or None when it can.

    One TCP connection to the endpoint (HF_ENDPOINT, default huggingface.co) with a short timeout,
    so a machine without network fails at once. Behind a proxy (HTTPS_PROXY) the hub client knows
    the way and no probe is made.
    """
    if any(os.environ.get(name) for name in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy")):
        return None
    import socket
    from urllib.parse import urlsplit

    endpoint = urlsplit(os.environ.get("HF_ENDPOINT") or "https://huggingface.co")
    host = endpoint.hostname or "huggingface.co"
    port = endpoint.port or (80 if endpoint.scheme == "http" else 443)
    try:
        socket.create_connection((host, port), timeout=HUB_PROBE_TIMEOUT_S).close()
    except OSError as exc:
        return exc
    return None


def hub_offline() -> bool:
    """Whether HF_HUB_OFFLINE (or TRANSFORMERS_OFFLINE) is set, read now rather than at import."""
    return any(os.environ.get(name, "").strip().upper() in ("1", "ON", "YES", "TRUE")
               for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"))


def hub_commit(repo_id: str, revision: str | None) -> str | None:
    """The commit `revision` (default: main) resolves to in the local Hugging Face cache, if it is there."""
    if revision and _COMMIT.match(revision):
        return revision
    try:
        from huggingface_hub import try_to_load_from_cache
    except ImportError:
        return None
    try:
        found = try_to_load_from_cache(repo_id, "config.json", revision=revision)
    except Exception:  # an id the hub library rejects: loading will report it
        return None
    if not isinstance(found, str):
        return None
    commit = Path(found).parent.name
    return commit if _COMMIT.match(commit) else None


def directory_hash(directory: Path) -> str:
    """A content hash of a local model directory's top-level files, cheap even for large weights.

    Files up to 8 MiB (config, generation config, tokenizer) are hashed whole; larger ones (the
    weights) by name, size and their first and last MiB, which any retraining changes.
    """
    digest = hashlib.sha256()
    for path in sorted(directory.iterdir()):
        if path.name.startswith(".") or path.suffix.lower() in (".md", ".txt") or not path.is_file():
            continue
        size = path.stat().st_size
        digest.update(f"{path.name}\x00{size}\x00".encode())
        with path.open("rb") as handle:
            if size <= _SMALL_FILE:
                digest.update(handle.read())
            else:
                digest.update(handle.read(_EDGE))
                handle.seek(size - _EDGE)
                digest.update(handle.read(_EDGE))
    return digest.hexdigest()


def local_directory(name: str) -> Path | None:
    """The model as a local directory; None for a hub id. Fails for a path that does not exist."""
    path = Path(name).expanduser()
    if path.exists():
        if not path.is_dir():
            raise ModelError(f"{name}: expected a model directory or a hub id, got a file")
        return path.resolve()
    if name.startswith((".", "/", "~")) or name.endswith("/") or "\\" in name or name.count("/") > 1:
        raise ModelError(f"model directory not found: {name}")
    return None


def load_error(name: str, local: Path | None, offline: bool, exc: BaseException,
                revision: str | None = None) -> ModelError:
    """One line saying why a model did not load and what to do about it."""
    if local is not None:
        return ModelError(f"{local}: cannot load a translation model from this directory "
                          f"({type(exc).__name__}: {_first_line(exc)})")
    fetch = (f"download it where you have network with `hf download {name} --local-dir DIR` "
             f"(`huggingface-cli download` on older huggingface_hub) and pass --model DIR, "
             "or set HF_HOME to a Hugging Face cache that has it")
    if offline:
        return ModelError(f"model {name!r} is not a local directory and not in the local Hugging Face cache "
                          f"(HF_HUB_OFFLINE is set); {fetch}")
    causes = _causes(exc)
    if "GatedRepoError" in causes:
        return ModelError(f"model {name!r} is gated: accept its conditions on huggingface.co, then log in "
                          "with `hf auth login` (or set HF_TOKEN)")
    if "RevisionNotFoundError" in causes:
        return ModelError(f"model {name!r} has no revision {revision!r} on the Hugging Face Hub")
    if "RepositoryNotFoundError" in causes or "not a valid model identifier" in str(exc):
        return ModelError(f"no model {name!r}: not a local directory, and not on the Hugging Face Hub "
                          "(check the spelling; private models need `hf auth login`)")
    reason = ("the Hugging Face Hub is unreachable" if causes & _NETWORK_ERRORS or "connect" in str(exc)
              else f"{type(exc).__name__}: {_first_line(exc)}")
    return ModelError(f"cannot load model {name!r}: not a local directory, and {reason}; {fetch}")


_NETWORK_ERRORS = frozenset({"ConnectError", "ConnectionError", "ConnectTimeout", "ReadTimeout", "TimeoutException",
                             "TimeoutError",
                             "gaierror", "timeout", "NetworkError", "OfflineModeIsEnabled"})


def _causes(exc: BaseException) -> set[str]:
    """Class names along the exception chain (transformers wraps the hub's errors in OSError)."""
    names: set[str] = set()
    seen: BaseException | None = exc
    for _ in range(12):
        if seen is None:
            break
        names.update(kind.__name__ for kind in type(seen).__mro__)
        seen = seen.__cause__ or seen.__context__
    return names


@contextmanager
def quiet_loading(transformers: Any) -> Iterator[None]:
    """No per-shard progress bars and no sacremoses nag while loading; tqcheck shows its own progress."""
    logging = transformers.utils.logging
    bars = logging.is_progress_bar_enabled()
    logging.disable_progress_bar()
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Recommended: pip install sacremoses")
            yield
    finally:
        if bars:
            logging.enable_progress_bar()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def import_backend() -> tuple[Any, Any]:
    try:
        import torch
        import transformers
    except ImportError as exc:
        raise ModelError(f"back-translation needs transformers and torch ({exc.name} is missing); "
                         f"install them with {INSTALL_HINT}") from None
    return transformers, torch
