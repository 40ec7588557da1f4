"""The project's own spaCy pipeline, generated from bot/vocabulary/words.py.

No pretrained spaCy model can be downloaded, so the pipeline is a blank English
tokenizer, a lookup lemmatizer (tables from spacy-lookups-data, stored with the
saved pipeline so the package is not needed at run time) and an entity ruler
whose patterns are the vocabulary's lay words:

- ``body_region``: a body part (pattern id = part id from ``PART_TERMS``, e.g.
  ``shoulder``, ``knee``, ``back``) or a word for everywhere (id ``everywhere``);
- ``side``: ``left``, ``right`` or ``both``;
- ``red_flag``: a red-flag phrase (id = the flag id).

Labels are lower case because Rasa's SpacyEntityExtractor exposes them as Rasa
entity names. Rasa's SpacyNLP loads the saved pipeline by directory path.

    python -m bot.understanding.pipeline build build/spacy_pipeline
"""

from __future__ import annotations

import logging
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Union

import spacy
from spacy.language import Language
from spacy.util import compile_infix_regex

from bot.vocabulary.words import EVERYWHERE_TERMS, PART_TERMS, RED_FLAGS, SIDE_TERMS

logger = logging.getLogger(__name__)

PIPELINE_NAME = "en_fibro_intake"
PIPELINE_VERSION = "1.0.0"
DEFAULT_PIPELINE_PATH = Path("build") / "spacy_pipeline"
PIPELINE_PATH_ENV = "SPACY_PIPELINE_PATH"

BODY_REGION = "body_region"
SIDE = "side"
RED_FLAG = "red_flag"
EVERYWHERE = "everywhere"
ENTITY_LABELS = (BODY_REGION, SIDE, RED_FLAG)


def ruler_patterns() -> List[Dict[str, str]]:
    """Entity-ruler patterns for every term in the vocabulary (deduplicated)."""
    patterns: List[Dict[str, str]] = []
    seen = set()

    def add(label: str, term: str, pattern_id: str) -> None:
        key = (label, term.lower(), pattern_id)
        if key not in seen:
            seen.add(key)
            patterns.append({"label": label, "pattern": term.lower(), "id": pattern_id})

    for part, terms in PART_TERMS.items():
        for term in terms:
            add(BODY_REGION, term, part)
    for term in EVERYWHERE_TERMS:
        add(BODY_REGION, term, EVERYWHERE)
    for side, terms in SIDE_TERMS.items():
        for term in terms:
            add(SIDE, term, side)
    for flag in RED_FLAGS:
        for term in flag.terms:
            add(RED_FLAG, term, flag.id)
    return patterns


def _add_lemmatizer(nlp: Language) -> bool:
    """A lookup lemmatizer, when spacy-lookups-data is installed (offline)."""
    try:
        lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        lemmatizer.initialize()
        return True
    except Exception as error:  # package missing or tables unreadable
        logger.warning("No lemmatizer in the spaCy pipeline: %s", error)
        if "lemmatizer" in nlp.pipe_names:
            nlp.remove_pipe("lemmatizer")
        return False


def _split_brackets_and_slashes(nlp: Language) -> None:
    """ "shoulder(right)" and "neck/shoulders" become separate tokens; "5/10" stays
    one token. The rule is saved with the tokenizer, so Rasa gets it too."""
    infixes = list(nlp.Defaults.infixes) + [r"[()\[\]]", r"(?<=[a-zA-Z])/(?=[a-zA-Z])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def build_pipeline() -> Language:
    """Blank English + lookup lemmatizer (if available) + the entity ruler."""
    nlp = spacy.blank("en")
    _split_brackets_and_slashes(nlp)
    # The ruler comes first: it matches on LOWER only, and spaCy runs the
    # components before a ruler over every pattern when it is loaded.
    ruler = nlp.add_pipe(
        "entity_ruler",
        config={
            "phrase_matcher_attr": "LOWER",
            "overwrite_ents": True,
            "validate": True,
        },
    )
    ruler.add_patterns(ruler_patterns())
    _add_lemmatizer(nlp)
    nlp.meta.update(
        {
            "name": PIPELINE_NAME,
            "version": PIPELINE_VERSION,
            "description": "Fibromyalgia massage intake: body regions, sides and red "
            "flags from bot/vocabulary/words.py (no statistical components).",
            "author": "fibro-massage-matcher",
            "license": "proprietary",
        }
    )
    return nlp


def save_pipeline(path: Union[str, Path]) -> Path:
    """Builds the pipeline and writes it (with meta.json) to ``path``."""
    target = Path(path)
    target.mkdir(parents=True, exist_ok=True)
    build_pipeline().to_disk(target)
    return target


def pipeline_path() -> Path:
    return Path(os.environ.get(PIPELINE_PATH_ENV) or DEFAULT_PIPELINE_PATH)


@lru_cache(maxsize=1)
def get_pipeline() -> Language:
    """The pipeline for parsing messages: loaded once from disk if it was
    built (``$SPACY_PIPELINE_PATH`` or build/spacy_pipeline), else built in memory."""
    path = pipeline_path()
    if (path / "meta.json").is_file():
        try:
            return spacy.load(path)
        except Exception as error:  # stale or broken build: still work
            logger.warning(
                "Could not load the spaCy pipeline at %s (%s); building it in memory", path, error
            )
    return build_pipeline()


def main(argv: List[str]) -> int:
    usage = "usage: python -m bot.understanding.pipeline build [PATH]"
    if not argv or argv[0] != "build" or len(argv) > 2:
        print(usage, file=sys.stderr)
        return 2
    target = save_pipeline(argv[1] if len(argv) == 2 else DEFAULT_PIPELINE_PATH)
    print(f"Wrote the spaCy pipeline to {target.resolve()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
