"""Tiny random-initialised learned metrics, built offline in a second and saved like real checkpoints.

A BERT encoder (hidden size 16, one layer) with a WordPiece tokenizer trained here on the back-translation
tests' corpus, as a one-output sequence classifier (regression) or a token classifier with MQM
severities (error spans). The scores are meaningless but deterministic: the tests check that the
real loading, batching, caching and span code runs and agrees with transformers itself.
"""

from __future__ import annotations

from pathlib import Path

from tests.backtranslate.tiny_models import CORPUS

SPAN_LABELS = {0: "O", 1: "minor", 2: "major", 3: "critical"}


def build_metric(directory: Path, *, spans: bool = False, inputs: tuple[str, ...] = ("source",),
                 higher_is_better: bool = True) -> Path:
    """Save a tiny learned metric in `directory` and return it."""
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers, processors, trainers
    from transformers import (
        BertConfig,
        BertForSequenceClassification,
        BertForTokenClassification,
        PreTrainedTokenizerFast,
    )

    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    raw = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    raw.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    raw.train_from_iterator(list(CORPUS), trainers.WordPieceTrainer(vocab_size=300, special_tokens=specials))
    cls, sep = raw.token_to_id("[CLS]"), raw.token_to_id("[SEP]")
    raw.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1", special_tokens=[("[CLS]", cls), ("[SEP]", sep)])
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=raw, unk_token="[UNK]", pad_token="[PAD]",
                                        cls_token="[CLS]", sep_token="[SEP]", mask_token="[MASK]")
    torch.manual_seed(905)
    config = BertConfig(vocab_size=raw.get_vocab_size(), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=32, max_position_embeddings=128, initializer_range=0.5,
                        num_labels=len(SPAN_LABELS) if spans else 1,
                        id2label=SPAN_LABELS if spans else {0: "score"},
                        label2id={v: k for k, v in SPAN_LABELS.items()} if spans else {"score": 0})
    config.tqcheck_inputs = list(inputs)
    config.tqcheck_higher_is_better = higher_is_better
    model = (BertForTokenClassification if spans else BertForSequenceClassification)(config)
    model.save_pretrained(directory)
    tokenizer.save_pretrained(directory)
    return directory
