"""Spotting messages that are not in English, so the bot can say, kindly and
in that language where it can, that it only speaks English for now.

A small word-list detector: no model to download, fast on every message.
"""

from __future__ import annotations

import re
from typing import Dict, FrozenSet, Optional, Tuple

# Common short words of each language, chosen not to be English words too.
_MARKERS: Dict[str, FrozenSet[str]] = {
    "es": frozenset(
        "el la los las una unos que por para con mucho muy duele dolor "
        "cuello espalda hola gracias tengo estoy donde dónde está es pero "
        "masaje también cuando cómo qué sí hombros piernas mi mis".split()
    ),
    "fr": frozenset(
        "le les une des est je suis mal dos cou bonjour merci avec pour "
        "très mais massage aussi quand comment où oui mon ma mes j'ai "
        "douleur épaules jambes tête".split()
    ),
    "de": frozenset(
        "der die das und ist ich nicht mit für sehr aber habe schmerzen "
        "nacken rücken hallo danke wo wie ja mein meine auch schultern "
        "beine kopf massage bitte".split()
    ),
    "it": frozenset(
        "il lo gli della sono ho mal collo schiena ciao grazie molto ma "
        "anche quando come dove sì mio mia dolore spalle gambe testa per".split()
    ),
    "pt": frozenset(
        "o os uma um não tenho dor pescoço costas olá obrigado obrigada "
        "muito mas também quando como onde sim meu minha ombros pernas "
        "cabeça estou".split()
    ),
    "nl": frozenset(
        "de het een ik heb niet met voor zeer maar pijn nek rug hallo "
        "dank bedankt waar hoe ja mijn ook schouders benen hoofd".split()
    ),
    "pl": frozenset(
        "nie jest mam się bardzo ale ból szyja plecy cześć dziękuję gdzie "
        "jak tak mój moja też ramiona nogi głowa boli".split()
    ),
}
_ENGLISH: FrozenSet[str] = frozenset(
    "the a an and is i my me you it to of in on for with not no yes hurts pain neck "
    "back shoulders legs please thanks thank what why how do does have has am are".split()
)

REPLIES: Dict[str, Tuple[str, str]] = {
    "es": ("Spanish", "Lo siento, por ahora solo puedo conversar en inglés."),
    "fr": ("French", "Désolé, pour l'instant je ne peux discuter qu'en anglais."),
    "de": ("German", "Entschuldigung, im Moment kann ich nur auf Englisch schreiben."),
    "it": ("Italian", "Mi dispiace, per ora posso parlare solo in inglese."),
    "pt": ("Portuguese", "Desculpe, por enquanto só consigo conversar em inglês."),
    "nl": ("Dutch", "Sorry, voorlopig kan ik alleen in het Engels chatten."),
    "pl": ("Polish", "Przepraszam, na razie mogę rozmawiać tylko po angielsku."),
}
ENGLISH_ONLY = (
    "Sorry, I can only chat in English for now. You can still pick the "
    "options, or ask someone to help you type your answer."
)

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)


def detect_language(text: str) -> Optional[str]:
    """A language code from REPLIES when the text reads as that language rather
    than English, else None."""
    words = [w.lower() for w in _WORD.findall(text or "")]
    if not words:
        return None
    english = sum(w in _ENGLISH for w in words)
    scores = {code: sum(w in markers for w in words) for code, markers in _MARKERS.items()}
    code, best = max(scores.items(), key=lambda item: item[1])
    if best >= 2 and best > english or (best >= 1 and english == 0 and len(words) <= 3):
        return code
    return None


def non_english_reply(text: str) -> str:
    """English first, then the same in the detected language when known."""
    code = detect_language(text)
    if code is None:
        return ENGLISH_ONLY
    _, translation = REPLIES[code]
    return f"{ENGLISH_ONLY}\n{translation}"
