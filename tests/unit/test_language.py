"""The language of a message in another language (bot/understanding/language.py)."""

import pytest

from bot.understanding.language import ENGLISH_ONLY, detect_language, non_english_reply

SAMPLES = {
    "es": "Hola, me duele mucho la espalda y el cuello, ¿qué masaje me recomiendan?",
    "fr": "Bonjour, j'ai très mal au dos depuis des années, quel massage me conseillez-vous ?",
    "de": "Hallo, ich habe starke Schmerzen im Nacken und im Rücken, welche Massage ist gut?",
    "pl": "Dzień dobry, bardzo bolą mnie plecy i szyja, jaki masaż polecacie?",
    "tr": "Merhaba, sırtım ve boynum çok ağrıyor, hangi masajı önerirsiniz?",
    "ru": "Здравствуйте, у меня сильно болит спина и шея, какой массаж вы посоветуете?",
    "ar": "مرحبا، أعاني من ألم شديد في الظهر والرقبة، ما هو التدليك المناسب لي؟",
    "zh": "你好，我的背和脖子很疼，你们推荐什么按摩？",
    "ja": "こんにちは、背中と首がとても痛いです。どのマッサージがおすすめですか？",
    "vi": "Xin chào, tôi bị đau lưng và cổ rất nhiều, tôi nên chọn kiểu massage nào?",
}


@pytest.mark.parametrize("code, text", sorted(SAMPLES.items()))
def test_the_language_is_named_and_answered_in_it(code, text):
    assert detect_language(text) == code
    reply = non_english_reply(text)
    assert reply.startswith(ENGLISH_ONLY) and len(reply) > len(ENGLISH_ONLY)


@pytest.mark.parametrize(
    "text",
    [
        "nope",
        "ya",
        "dunno",
        "aye",
        "meh",
        "wee bit sore",
        "bout a 6",
        "my neck and shoulders hurt",
        "I'm 20 weeks pregnant and my lower back aches",
        "none of those apply to me",
    ],
)
def test_english_is_not_another_language(text):
    assert detect_language(text) is None
    assert non_english_reply(text) == ENGLISH_ONLY
